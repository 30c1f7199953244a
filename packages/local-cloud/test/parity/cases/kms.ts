// KMS cases: what this project's stack and its users call (keys, key policies, Encrypt/Decrypt, data keys, tags).
import { LOCALSTACK, type ParityCase } from '../case';

const SNAPSHOT = `${LOCALSTACK}kms/test_kms.snapshot.json#`;
const KEY_ARN = 'arn:<partition>:kms:<region>:<account>:key/<uuid>';

/** A symmetric customer managed key's KeyMetadata as DescribeKey/CreateKey answer it (recorded 2025, with CurrentKeyMaterialId). */
const keyMetadata = (description: string, extra: Record<string, unknown> = {}) => ({
  AWSAccountId: '<account>',
  Arn: KEY_ARN,
  CreationDate: '<datetime>',
  CurrentKeyMaterialId: '<any>',
  CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
  Description: description,
  Enabled: true,
  EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
  KeyId: '<uuid>',
  KeyManager: 'CUSTOMER',
  KeySpec: 'SYMMETRIC_DEFAULT',
  KeyState: 'Enabled',
  KeyUsage: 'ENCRYPT_DECRYPT',
  MultiRegion: false,
  Origin: 'AWS_KMS',
  ...extra,
});

const notFound = (message: string) => ({ status: 400, error: { code: 'NotFoundException', message } });
const tagError = (message: string) => ({ status: 400, error: { code: 'TagException', message } });
const INCORRECT_KEY = { status: 400, error: { code: 'IncorrectKeyException', message: 'The key ID in the request does not identify a CMK that can perform this operation.' } };
const INVALID_CIPHERTEXT = { status: 400, error: { code: 'InvalidCiphertextException', message: '' } };
const POLICY_ROOT = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'kms:*', Resource: '*' };
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const kmsCases: ParityCase[] = [
  {
    name: 'CreateKey answers the new key\'s metadata',
    source: `${SNAPSHOT}test_create_key/describe-key (the same KeyMetadata CreateKey answers)`,
    request: { op: 'CreateKey', input: { Description: 'test key 123' } },
    aws: { status: 200, body: { KeyMetadata: keyMetadata('test key 123') } },
  },
  {
    name: 'DescribeKey by key id',
    source: `${SNAPSHOT}test_key_rotation_updates_current_key_material_id_for_aws_symmetric_keys/describe-key-before-rotation`,
    given: ['key'],
    request: { op: 'DescribeKey', input: { KeyId: '{{keyId}}' } },
    aws: { status: 200, body: { KeyMetadata: keyMetadata('key <any>', { Description: '<any>' }) } },
  },
  {
    name: 'DescribeKey by alias ARN',
    source: `${SNAPSHOT}test_describe_with_alias_arn/describe-key`,
    given: ['alias'],
    request: { op: 'DescribeKey', input: { KeyId: 'arn:aws:kms:ap-southeast-1:000000000000:{{aliasName}}' } },
    aws: { status: 200, body: { KeyMetadata: keyMetadata('', { Description: '<any>' }) } },
  },
  {
    name: 'DescribeKey of a missing key id names the key ARN',
    source: `${SNAPSHOT}test_get_key_does_not_exist/describe-nonexistent-key-with-id`,
    request: { op: 'DescribeKey', input: { KeyId: '134f2428-cec1-4b25-a1ae-9048164dba47' } },
    aws: notFound(`Key '${KEY_ARN}' does not exist`),
  },
  {
    name: 'DescribeKey of a missing key ARN',
    source: `${SNAPSHOT}test_get_key_does_not_exist/describe-nonexistent-with-arn`,
    request: { op: 'DescribeKey', input: { KeyId: 'arn:aws:kms:ap-southeast-1:000000000000:key/134f2428-cec1-4b25-a1ae-9048164dba47' } },
    aws: notFound(`Key '${KEY_ARN}' does not exist`),
  },
  {
    name: 'DescribeKey of a missing multi-Region key id',
    source: `${SNAPSHOT}test_get_key_does_not_exist/describe-key-with-valid-id-mrk`,
    request: { op: 'DescribeKey', input: { KeyId: 'mrk-d3b95762d3b95762d3b95762d3b95762' } },
    aws: notFound("Key 'arn:<partition>:kms:<region>:<account>:key/mrk-d3b95762d3b95762d3b95762d3b95762' does not exist"),
  },
  {
    name: 'DescribeKey of a key id that is no key id',
    source: `${SNAPSHOT}test_get_key_invalid_uuid/describe-key-with-invalid-uuid`,
    request: { op: 'DescribeKey', input: { KeyId: 'fake-key-id' } },
    aws: notFound("Invalid keyId 'fake-key-id'"),
  },
  {
    name: 'DescribeKey of a UUID without dashes',
    source: `${SNAPSHOT}test_get_key_invalid_uuid/describe-key-with-invalid-uuid-2`,
    request: { op: 'DescribeKey', input: { KeyId: '134f2428cec14b25a1ae9048164dba47' } },
    aws: notFound("Invalid keyId '134f2428cec14b25a1ae9048164dba47'"),
  },
  {
    name: 'DescribeKey of a malformed multi-Region key id',
    source: `${SNAPSHOT}test_get_key_invalid_uuid/describe-key-with-invalid-uuid-mrk`,
    request: { op: 'DescribeKey', input: { KeyId: 'mrk-fake-key-id' } },
    aws: notFound("Invalid keyId 'mrk-fake-key-id'"),
  },
  {
    name: 'CreateAlias without the alias/ prefix',
    source: `${SNAPSHOT}test_create_alias/create_alias`,
    given: ['key'],
    request: { op: 'CreateAlias', input: { AliasName: 'no-prefix', TargetKeyId: '{{keyId}}' } },
    aws: {
      status: 400,
      error: { code: 'ValidationException', message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html' },
    },
  },
  {
    name: 'Encrypt answers the key ARN and the algorithm',
    source: `${SNAPSHOT}test_encrypt_decrypt_encryption_context/encrypt_response (KeyId is the key ARN: KMS API reference, Encrypt response)`,
    given: ['key'],
    request: { op: 'Encrypt', input: { KeyId: '{{keyId}}', Plaintext: Buffer.from('hello'), EncryptionContext: { a: 'b' } } },
    aws: { status: 200, body: { CiphertextBlob: '<blob>', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: KEY_ARN } },
  },
  {
    name: 'Decrypt with the encryption context answers the plaintext and the key material id',
    source: `${SNAPSHOT}test_encrypt_decrypt_encryption_context/decrypt_response_with_encryption_context`,
    given: ['ciphertext'],
    request: { op: 'Decrypt', input: { CiphertextBlob: '{{ciphertext}}', EncryptionContext: { purpose: 'parity' } } },
    aws: { status: 200, body: { EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: KEY_ARN, KeyMaterialId: '<any>', Plaintext: '<blob>' } },
  },
  {
    name: 'Decrypt without the encryption context: InvalidCiphertextException without a message',
    source: `${SNAPSHOT}test_encrypt_decrypt_encryption_context/decrypt_response_without_encryption_context`,
    given: ['ciphertext'],
    request: { op: 'Decrypt', input: { CiphertextBlob: '{{ciphertext}}' } },
    aws: INVALID_CIPHERTEXT,
  },
  {
    name: 'Decrypt with a wrong encryption context',
    source: `${SNAPSHOT}test_encryption_context_generate_data_key/decrypt-without-encryption-context (any context but the one bound fails alike)`,
    given: ['ciphertext'],
    request: { op: 'Decrypt', input: { CiphertextBlob: '{{ciphertext}}', EncryptionContext: { purpose: 'other' } } },
    aws: INVALID_CIPHERTEXT,
  },
  {
    name: 'Decrypt of bytes that are no ciphertext',
    source: `${SNAPSHOT}test_key_rotations_encryption_decryption/bad-ciphertext`,
    given: ['key'],
    request: { op: 'Decrypt', input: { CiphertextBlob: Buffer.from('this is no ciphertext at all, not even close'), KeyId: '{{keyId}}' } },
    aws: INVALID_CIPHERTEXT,
  },
  {
    name: 'Decrypt naming another key than the ciphertext\'s',
    source: `${SNAPSHOT}test_error_messaging_for_invalid_keys/decrypt-invalid-key-id`,
    given: ['ciphertext', 'otherKey'],
    request: { op: 'Decrypt', input: { CiphertextBlob: '{{ciphertext}}', EncryptionContext: { purpose: 'parity' }, KeyId: '{{otherKeyId}}' } },
    aws: INCORRECT_KEY,
  },
  {
    name: 'ReEncrypt naming another source key than the ciphertext\'s',
    source: `${SNAPSHOT}test_re_encrypt_incorrect_source_key/incorrect-source-key`,
    given: ['ciphertext', 'otherKey'],
    request: {
      op: 'ReEncrypt',
      input: { CiphertextBlob: '{{ciphertext}}', SourceEncryptionContext: { purpose: 'parity' }, SourceKeyId: '{{otherKeyId}}', DestinationKeyId: '{{keyId}}' },
    },
    aws: INCORRECT_KEY,
  },
  {
    name: 'Encrypt with a disabled key',
    source: `${SNAPSHOT}test_rotate_key_on_demand_raises_error_given_key_is_disabled/error-response (KMS's DisabledException text for any use of a disabled key)`,
    given: ['disabledKey'],
    request: { op: 'Encrypt', input: { KeyId: '{{disabledKeyId}}', Plaintext: Buffer.from('x') } },
    aws: { status: 400, error: { code: 'DisabledException', message: `${KEY_ARN} is disabled.` } },
  },
  {
    name: 'Encrypt with a key pending deletion',
    source: `${LOCALSTACK}s3/test_s3.snapshot.json (KMSInvalidStateException "<key-arn> is pending deletion." recorded through S3 SSE-KMS)`,
    given: ['pendingDeletionKey'],
    request: { op: 'Encrypt', input: { KeyId: '{{pendingDeletionKeyId}}', Plaintext: Buffer.from('x') } },
    aws: { status: 400, error: { code: 'KMSInvalidStateException', message: `${KEY_ARN} is pending deletion.` } },
  },
  {
    name: 'GenerateDataKey answers ciphertext, plaintext and the key ARN',
    source: `${SNAPSHOT}test_generate_data_key/generate-data-key-result (recorded 2023; KeyMaterialId from the 2025 KMS model, GenerateDataKeyResponse)`,
    given: ['key'],
    request: { op: 'GenerateDataKey', input: { KeyId: '{{keyId}}', KeySpec: 'AES_256' } },
    aws: { status: 200, body: { CiphertextBlob: '<blob>', KeyId: KEY_ARN, KeyMaterialId: '<any>', Plaintext: '<blob>' } },
  },
  {
    name: 'GenerateDataKeyWithoutPlaintext answers ciphertext and the key ARN',
    source: `${SNAPSHOT}test_generate_data_key_without_plaintext/generate-data-key-without-plaintext (recorded 2023; KeyMaterialId from the 2025 KMS model)`,
    given: ['key'],
    request: { op: 'GenerateDataKeyWithoutPlaintext', input: { KeyId: '{{keyId}}', KeySpec: 'AES_256' } },
    aws: { status: 200, body: { CiphertextBlob: '<blob>', KeyId: KEY_ARN, KeyMaterialId: '<any>' } },
  },
  {
    name: 'GenerateRandom of 0 bytes',
    source: `${SNAPSHOT}test_generate_random_invalid_number_of_bytes[0]/generate-random-exc`,
    request: { op: 'GenerateRandom', input: { NumberOfBytes: 0 } },
    aws: {
      status: 400,
      error: { code: 'ValidationException', message: "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1" },
    },
  },
  {
    name: 'GenerateRandom of 1025 bytes',
    source: `${SNAPSHOT}test_generate_random_invalid_number_of_bytes[1025]/generate-random-exc`,
    request: { op: 'GenerateRandom', input: { NumberOfBytes: 1025 } },
    aws: {
      status: 400,
      error: { code: 'ValidationException', message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024" },
    },
  },
  {
    name: 'GenerateRandom without NumberOfBytes',
    source: `${SNAPSHOT}test_generate_random_invalid_number_of_bytes[None]/generate-random-exc`,
    request: { op: 'GenerateRandom', input: {} },
    aws: { status: 400, error: { code: 'ValidationException', message: 'NumberOfBytes is required.' } },
  },
  {
    name: 'TagResource with the same tag key twice',
    source: `${SNAPSHOT}test_tag_key_with_duplicate_tag_keys_raises_error/duplicate-tag-keys`,
    given: ['key'],
    request: { op: 'TagResource', input: { KeyId: '{{keyId}}', Tags: [{ TagKey: 'tag1', TagValue: 'value1' }, { TagKey: 'tag1', TagValue: 'another-value1' }] } },
    aws: tagError('Duplicate tag keys'),
  },
  {
    name: 'CreateKey with 51 tags',
    source: `${SNAPSHOT}test_create_key_with_too_many_tags_raises_error/invalid-tag-key`,
    request: { op: 'CreateKey', input: { Tags: Array.from({ length: 51 }, (_, i) => ({ TagKey: `key${i}`, TagValue: `value${i}` })) } },
    aws: tagError('Too many tags'),
  },
  {
    name: 'CreateKey with a tag key starting aws:',
    source: `${SNAPSHOT}test_create_key_with_invalid_tag_key[lowercase_prefix]/invalid-tag-key`,
    request: { op: 'CreateKey', input: { Tags: [{ TagKey: 'aws:key1', TagValue: 'v' }] } },
    aws: tagError('Tags beginning with aws: are reserved'),
  },
  {
    name: 'CreateKey with a tag key starting AWS:',
    source: `${SNAPSHOT}test_create_key_with_invalid_tag_key[uppercase_prefix]/invalid-tag-key`,
    request: { op: 'CreateKey', input: { Tags: [{ TagKey: 'AWS:key1', TagValue: 'v' }] } },
    aws: tagError('Tags beginning with aws: are reserved'),
  },
  {
    name: 'TagResource with a tag key starting aws:',
    source: `${SNAPSHOT}test_tag_existing_key_with_invalid_tag_key/invalid-tag-key`,
    given: ['key'],
    request: { op: 'TagResource', input: { KeyId: '{{keyId}}', Tags: [{ TagKey: 'aws:key1', TagValue: 'v' }] } },
    aws: tagError('Tags beginning with aws: are reserved'),
  },
  {
    name: 'GetKeyRotationStatus of a key rotating every 90 days',
    source: `${SNAPSHOT}test_key_enable_rotation_status[90]/match_response`,
    given: ['rotatingKey'],
    request: { op: 'GetKeyRotationStatus', input: { KeyId: '{{rotatingKeyId}}' } },
    aws: { status: 200, body: { KeyId: KEY_ARN, KeyRotationEnabled: true, NextRotationDate: '<datetime>', RotationPeriodInDays: 90 } },
  },
  {
    name: 'CreateKey with a policy that locks the caller out',
    source: 'AWS Knowledge Center, "update-key-policy-future" (MalformedPolicyDocumentException text)',
    request: {
      op: 'CreateKey',
      input: { Policy: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'kms:Encrypt', Resource: '*' }) },
    },
    aws: { status: 400, error: { code: 'MalformedPolicyDocumentException', message: 'The new key policy will not allow you to update the key policy in the future.' } },
  },
  {
    name: 'PutKeyPolicy with a policy that locks the caller out',
    source: 'AWS Knowledge Center, "update-key-policy-future"; KMS API reference PutKeyPolicy (the lockout safety check)',
    given: ['key'],
    request: {
      op: 'PutKeyPolicy',
      input: { KeyId: '{{keyId}}', PolicyName: 'default', Policy: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'kms:Decrypt', Resource: '*' }) },
    },
    aws: { status: 400, error: { code: 'MalformedPolicyDocumentException', message: 'The new key policy will not allow you to update the key policy in the future.' } },
  },
  {
    name: 'PutKeyPolicy with a statement without a principal',
    source: 'KMS API reference PutKeyPolicy ("Each statement in the key policy must contain one or more principals"); text as KMS answers it',
    given: ['key'],
    request: { op: 'PutKeyPolicy', input: { KeyId: '{{keyId}}', PolicyName: 'default', Policy: policy(POLICY_ROOT, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) } },
    aws: { status: 400, error: { code: 'MalformedPolicyDocumentException', message: 'Policy contains a statement with no principal.' } },
  },
  {
    name: 'GetKeyPolicy of a missing key',
    source: `${SNAPSHOT}test_get_key_does_not_exist/describe-nonexistent-key-with-id (KMS's NotFoundException text for any key id that does not exist)`,
    request: { op: 'GetKeyPolicy', input: { KeyId: '134f2428-cec1-4b25-a1ae-9048164dba47', PolicyName: 'default' } },
    aws: notFound(`Key '${KEY_ARN}' does not exist`),
  },
  {
    name: 'Encrypt by alias name answers the key ARN',
    source: `${SNAPSHOT}test_encrypt_decrypt_encryption_context/encrypt_response; KMS API reference Encrypt ("To specify a KMS key, use its key ID, key ARN, alias name, or alias ARN")`,
    given: ['alias'],
    request: { op: 'Encrypt', input: { KeyId: '{{aliasName}}', Plaintext: Buffer.from('hello') } },
    aws: { status: 200, body: { CiphertextBlob: '<blob>', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: KEY_ARN } },
  },
  {
    name: 'GenerateDataKey by alias ARN with an encryption context',
    source: `${SNAPSHOT}test_generate_data_key/generate-data-key-result; KMS API reference GenerateDataKey (KeyId: alias name or alias ARN)`,
    given: ['alias'],
    request: { op: 'GenerateDataKey', input: { KeyId: 'arn:aws:kms:ap-southeast-1:000000000000:{{aliasName}}', KeySpec: 'AES_256', EncryptionContext: { purpose: 'parity' } } },
    aws: { status: 200, body: { CiphertextBlob: '<blob>', KeyId: KEY_ARN, KeyMaterialId: '<any>', Plaintext: '<blob>' } },
  },
  {
    name: 'Encrypt of 4097 bytes: the value is not echoed',
    source: `${SNAPSHOT}test_plaintext_size_for_encrypt/invalid-plaintext-size-encrypt`,
    given: ['key'],
    request: { op: 'Encrypt', input: { KeyId: '{{keyId}}', Plaintext: Buffer.alloc(4097, 1) } },
    aws: { status: 400, error: { code: 'ValidationException', message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096" } },
  },
  {
    name: 'ListResourceTags of a key created with tags',
    source: `${SNAPSHOT}test_create_key_with_tag_and_untag/list-resource-tags (Truncated: KMS API reference ListResourceTags response)`,
    given: ['taggedKey'],
    request: { op: 'ListResourceTags', input: { KeyId: '{{taggedKeyId}}' } },
    aws: { status: 200, body: { Tags: [{ TagKey: 'tag1', TagValue: 'value1' }, { TagKey: 'tag2', TagValue: 'value2' }], Truncated: false } },
  },
  {
    name: 'ListResourceTags of a key without tags',
    source: `${SNAPSHOT}test_tag_existing_key_and_untag/list-resource-tags-after-all-untagged (Truncated: KMS API reference ListResourceTags response)`,
    given: ['key'],
    request: { op: 'ListResourceTags', input: { KeyId: '{{keyId}}' } },
    aws: { status: 200, body: { Tags: [], Truncated: false } },
  },
  {
    name: 'RotateKeyOnDemand of a key that does not exist',
    source: `${SNAPSHOT}test_rotate_key_on_demand_raises_error_given_key_that_does_not_exist/error-response`,
    request: { op: 'RotateKeyOnDemand', input: { KeyId: '134f2428-cec1-4b25-a1ae-9048164dba47' } },
    aws: notFound(`Key '${KEY_ARN}' does not exist`),
  },
  {
    name: 'RotateKeyOnDemand of a disabled key',
    source: `${SNAPSHOT}test_rotate_key_on_demand_raises_error_given_key_is_disabled/error-response`,
    given: ['disabledKey'],
    request: { op: 'RotateKeyOnDemand', input: { KeyId: '{{disabledKeyId}}' } },
    aws: { status: 400, error: { code: 'DisabledException', message: `${KEY_ARN} is disabled.` } },
  },
  {
    name: 'CreateKey of an HMAC key without KeyUsage',
    source: `${SNAPSHOT}test_hmac_create_key_invalid_operations/create-hmac-key-without-key-usage`,
    request: { op: 'CreateKey', input: { KeySpec: 'HMAC_256' } },
    aws: { status: 400, error: { code: 'ValidationException', message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.' } },
  },
  {
    name: 'ScheduleKeyDeletion answers the key ARN, state and window',
    source: 'KMS API reference ScheduleKeyDeletion (response: DeletionDate, KeyId as the key ARN, KeyState, PendingWindowInDays)',
    given: ['key'],
    request: { op: 'ScheduleKeyDeletion', input: { KeyId: '{{keyId}}', PendingWindowInDays: 7 } },
    aws: { status: 200, body: { DeletionDate: '<datetime>', KeyId: KEY_ARN, KeyState: 'PendingDeletion', PendingWindowInDays: 7 } },
  },
  {
    name: 'ScheduleKeyDeletion with a window under 7 days',
    source: 'botocore kms/2014-11-01 PendingWindowInDaysType (min 7), in the model validator\'s words as KMS answers them (see GenerateRandom of 0 bytes)',
    given: ['key'],
    request: { op: 'ScheduleKeyDeletion', input: { KeyId: '{{keyId}}', PendingWindowInDays: 6 } },
    aws: {
      status: 400,
      error: { code: 'ValidationException', message: "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7" },
    },
  },
  {
    name: 'CancelKeyDeletion answers the key ARN',
    source: 'KMS API reference CancelKeyDeletion (response: KeyId, the key ARN)',
    given: ['pendingDeletionKey'],
    request: { op: 'CancelKeyDeletion', input: { KeyId: '{{pendingDeletionKeyId}}' } },
    aws: { status: 200, body: { KeyId: KEY_ARN } },
  },
  {
    name: 'GetKeyPolicy of the default key policy',
    source: 'KMS API reference GetKeyPolicy (response: Policy, PolicyName)',
    given: ['key'],
    request: { op: 'GetKeyPolicy', input: { KeyId: '{{keyId}}', PolicyName: 'default' } },
    aws: { status: 200, body: { Policy: '<any>', PolicyName: 'default' } },
  },
];
