import { randomBytes } from 'node:crypto';
import type * as kms from '@aws-sdk/client-kms';
import { AwsError } from '../../core/aws-error';
import { markerPage } from '../../core/pagination';
import { declareOperation, type DeclaredOperation } from '../../core/operation';
import type { CallContext } from '../../core/service';
import type { KmsCaller } from './key-access';
import { checkRange, dataKeyLength, type KmsBackend, type KmsTag } from './kms-backend';
import { aliasListEntry, keyListEntry, keyMetadata, nextRotationDate, rotationEntry, SYMMETRIC_DEFAULT, tagEntry } from './shapes';

/**
 * KMS's wire operations: each declared once with the AWS SDK v3 client's own types. The pipeline has validated the
 * input against KMS's model (`src/models/kms.json`) before `run`, so required members are present and well-formed
 * here; what the model cannot say (key states, policies, KMS's own ranges) is the backend's.
 */
export function kmsOperations(backend: KmsBackend): Record<string, DeclaredOperation> {
  return {
    CreateKey: declareOperation<kms.CreateKeyRequest, kms.CreateKeyResponse>({
      run: (input, ctx) => ({
        KeyMetadata: keyMetadata(backend.createKey({ ...callerOf(ctx), principalArn: ctx.principalArn, callerArn: ctx.callerArn }, {
          description: input.Description,
          keyUsage: input.KeyUsage,
          keySpec: input.KeySpec ?? input.CustomerMasterKeySpec,
          origin: input.Origin,
          multiRegion: input.MultiRegion,
          policy: input.Policy,
          bypassPolicyLockoutSafetyCheck: input.BypassPolicyLockoutSafetyCheck,
          tags: tags(input.Tags),
        })),
      }),
    }),

    DescribeKey: declareOperation<kms.DescribeKeyRequest, kms.DescribeKeyResponse>({
      run: (input, ctx) => ({ KeyMetadata: keyMetadata(backend.describeKey(callerOf(ctx), input.KeyId!)) }),
    }),

    ListKeys: declareOperation<kms.ListKeysRequest, kms.ListKeysResponse>({
      run: (input, ctx) => {
        const page = markerPage(backend.listKeys(ctx), input.Limit ?? 100, input.Marker);
        return { Keys: page.items.map(keyListEntry), Truncated: page.truncated, ...next(page.nextMarker) };
      },
    }),

    UpdateKeyDescription: declareOperation<kms.UpdateKeyDescriptionRequest, object>({
      run: (input, ctx) => (backend.updateKeyDescription(callerOf(ctx), input.KeyId!, input.Description!), {}),
    }),

    GetKeyPolicy: declareOperation<kms.GetKeyPolicyRequest, kms.GetKeyPolicyResponse>({
      run: (input, ctx) => ({ Policy: backend.getKeyPolicy(callerOf(ctx), input.KeyId!, input.PolicyName), PolicyName: input.PolicyName ?? 'default' }),
    }),

    ListKeyPolicies: declareOperation<kms.ListKeyPoliciesRequest, kms.ListKeyPoliciesResponse>({
      run: (input, ctx) => ({ PolicyNames: backend.listKeyPolicies(callerOf(ctx), input.KeyId!), Truncated: false }),
    }),

    PutKeyPolicy: declareOperation<kms.PutKeyPolicyRequest, object>({
      run: (input, ctx) => {
        backend.putKeyPolicy({ ...callerOf(ctx), principalArn: ctx.principalArn, callerArn: ctx.callerArn }, input.KeyId!, input.Policy!, {
          policyName: input.PolicyName,
          bypassPolicyLockoutSafetyCheck: input.BypassPolicyLockoutSafetyCheck,
        });
        return {};
      },
    }),

    EnableKey: declareOperation<kms.EnableKeyRequest, object>({ run: (input, ctx) => (backend.enableKey(callerOf(ctx), input.KeyId!), {}) }),
    DisableKey: declareOperation<kms.DisableKeyRequest, object>({ run: (input, ctx) => (backend.disableKey(callerOf(ctx), input.KeyId!), {}) }),

    EnableKeyRotation: declareOperation<kms.EnableKeyRotationRequest, object>({
      run: (input, ctx) => (backend.enableKeyRotation(callerOf(ctx), input.KeyId!, input.RotationPeriodInDays), {}),
    }),

    DisableKeyRotation: declareOperation<kms.DisableKeyRotationRequest, object>({
      run: (input, ctx) => (backend.disableKeyRotation(callerOf(ctx), input.KeyId!), {}),
    }),

    // enabled: RotationPeriodInDays and NextRotationDate (recorded on AWS, LocalStack test_kms.snapshot.json 2025-03)
    GetKeyRotationStatus: declareOperation<kms.GetKeyRotationStatusRequest, kms.GetKeyRotationStatusResponse>({
      run: (input, ctx) => {
        const key = backend.getKeyRotationStatus(callerOf(ctx), input.KeyId!);
        return {
          KeyRotationEnabled: key.rotationEnabled,
          KeyId: key.arn,
          ...(key.rotationEnabled ? { RotationPeriodInDays: key.rotationPeriodInDays ?? 365, NextRotationDate: nextRotationDate(key) } : {}),
        };
      },
    }),

    // the key ARN, also for a key id (recorded on AWS: LocalStack test_kms.py test_rotate_on_demand_returns_arn_for_key_id)
    RotateKeyOnDemand: declareOperation<kms.RotateKeyOnDemandRequest, kms.RotateKeyOnDemandResponse>({
      run: (input, ctx) => ({ KeyId: backend.rotateKeyOnDemand(callerOf(ctx), input.KeyId!).arn }),
    }),

    ListKeyRotations: declareOperation<kms.ListKeyRotationsRequest, kms.ListKeyRotationsResponse>({
      run: (input, ctx) => {
        const { key, materials } = backend.listKeyRotations(callerOf(ctx), input.KeyId!, input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL');
        const page = markerPage(materials, input.Limit ?? 100, input.Marker);
        return { Rotations: page.items.map((m) => rotationEntry(key, m)), Truncated: page.truncated, ...next(page.nextMarker) };
      },
    }),

    ScheduleKeyDeletion: declareOperation<kms.ScheduleKeyDeletionRequest, kms.ScheduleKeyDeletionResponse>({
      run: (input, ctx) => {
        const key = backend.scheduleKeyDeletion(callerOf(ctx), input.KeyId!, input.PendingWindowInDays);
        return { KeyId: key.arn, DeletionDate: new Date(key.deletionDate!), KeyState: 'PendingDeletion', PendingWindowInDays: key.pendingWindowInDays };
      },
    }),

    CancelKeyDeletion: declareOperation<kms.CancelKeyDeletionRequest, kms.CancelKeyDeletionResponse>({
      run: (input, ctx) => ({ KeyId: backend.cancelKeyDeletion(callerOf(ctx), input.KeyId!).arn }),
    }),

    CreateAlias: declareOperation<kms.CreateAliasRequest, object>({
      run: (input, ctx) => (backend.createAlias(callerOf(ctx), input.AliasName!, input.TargetKeyId!), {}),
    }),

    UpdateAlias: declareOperation<kms.UpdateAliasRequest, object>({
      run: (input, ctx) => (backend.updateAlias(callerOf(ctx), input.AliasName!, input.TargetKeyId!), {}),
    }),

    DeleteAlias: declareOperation<kms.DeleteAliasRequest, object>({
      run: (input, ctx) => (backend.deleteAlias(callerOf(ctx), input.AliasName!), {}),
    }),

    ListAliases: declareOperation<kms.ListAliasesRequest, kms.ListAliasesResponse>({
      run: (input, ctx) => {
        // KMS takes 1..100 here, tighter than the model's LimitType (KMS API reference, ListAliases)
        if (input.Limit !== undefined) checkRange('Limit', input.Limit, 1, 100);
        const page = markerPage(backend.listAliases(ctx, input.KeyId), input.Limit ?? 50, input.Marker);
        return { Aliases: page.items.map(aliasListEntry), Truncated: page.truncated, ...next(page.nextMarker) };
      },
    }),

    TagResource: declareOperation<kms.TagResourceRequest, object>({
      run: (input, ctx) => (backend.tagResource(callerOf(ctx), input.KeyId!, tags(input.Tags)), {}),
    }),

    UntagResource: declareOperation<kms.UntagResourceRequest, object>({
      run: (input, ctx) => (backend.untagResource(callerOf(ctx), input.KeyId!, input.TagKeys!), {}),
    }),

    ListResourceTags: declareOperation<kms.ListResourceTagsRequest, kms.ListResourceTagsResponse>({
      run: (input, ctx) => {
        // KMS takes 1..50 here (KMS API reference, ListResourceTags)
        if (input.Limit !== undefined) checkRange('Limit', input.Limit, 1, 50);
        const page = markerPage(backend.listResourceTags(callerOf(ctx), input.KeyId!), input.Limit ?? 50, input.Marker);
        return { Tags: page.items.map(tagEntry), Truncated: page.truncated, ...next(page.nextMarker) };
      },
    }),

    Encrypt: declareOperation<kms.EncryptRequest, kms.EncryptResponse>({
      run: (input, ctx) => {
        const out = backend.encrypt({ ...callerOf(ctx), keyId: input.KeyId!, plaintext: bytes(input.Plaintext), encryptionContext: input.EncryptionContext, encryptionAlgorithm: input.EncryptionAlgorithm });
        dryRun(input.DryRun);
        return { CiphertextBlob: out.ciphertextBlob, KeyId: out.keyArn, EncryptionAlgorithm: SYMMETRIC_DEFAULT };
      },
    }),

    Decrypt: declareOperation<kms.DecryptRequest, kms.DecryptResponse>({
      run: (input, ctx) => {
        const out = backend.decrypt({ ...callerOf(ctx), ciphertextBlob: bytes(input.CiphertextBlob), keyId: input.KeyId, encryptionContext: input.EncryptionContext, encryptionAlgorithm: input.EncryptionAlgorithm });
        dryRun(input.DryRun);
        return { KeyId: out.keyArn, Plaintext: out.plaintext, EncryptionAlgorithm: SYMMETRIC_DEFAULT, KeyMaterialId: out.keyMaterialId };
      },
    }),

    ReEncrypt: declareOperation<kms.ReEncryptRequest, kms.ReEncryptResponse>({
      run: (input, ctx) => {
        const out = backend.reEncrypt(callerOf(ctx), {
          ciphertextBlob: bytes(input.CiphertextBlob),
          sourceKeyId: input.SourceKeyId,
          sourceEncryptionContext: input.SourceEncryptionContext,
          sourceEncryptionAlgorithm: input.SourceEncryptionAlgorithm,
          destinationKeyId: input.DestinationKeyId!,
          destinationEncryptionContext: input.DestinationEncryptionContext,
          destinationEncryptionAlgorithm: input.DestinationEncryptionAlgorithm,
        });
        dryRun(input.DryRun);
        return {
          CiphertextBlob: out.ciphertextBlob,
          SourceKeyId: out.source.keyArn,
          KeyId: out.destination.keyArn,
          SourceEncryptionAlgorithm: SYMMETRIC_DEFAULT,
          DestinationEncryptionAlgorithm: SYMMETRIC_DEFAULT,
          SourceKeyMaterialId: out.source.keyMaterialId,
          DestinationKeyMaterialId: out.destination.keyMaterialId,
        };
      },
    }),

    GenerateDataKey: declareOperation<kms.GenerateDataKeyRequest, kms.GenerateDataKeyResponse>({
      run: (input, ctx) => {
        const out = backend.generateDataKey({ ...callerOf(ctx), keyId: input.KeyId!, encryptionContext: input.EncryptionContext,
          numberOfBytes: dataKeyLength(input.NumberOfBytes, input.KeySpec) });
        dryRun(input.DryRun);
        return { CiphertextBlob: out.ciphertextBlob, Plaintext: out.plaintext, KeyId: out.keyArn, KeyMaterialId: out.keyMaterialId };
      },
    }),

    GenerateDataKeyWithoutPlaintext: declareOperation<kms.GenerateDataKeyWithoutPlaintextRequest, kms.GenerateDataKeyWithoutPlaintextResponse>({
      run: (input, ctx) => {
        const out = backend.generateDataKey({ ...callerOf(ctx), keyId: input.KeyId!, encryptionContext: input.EncryptionContext,
          numberOfBytes: dataKeyLength(input.NumberOfBytes, input.KeySpec) }, 'kms:GenerateDataKeyWithoutPlaintext');
        dryRun(input.DryRun);
        return { CiphertextBlob: out.ciphertextBlob, KeyId: out.keyArn, KeyMaterialId: out.keyMaterialId };
      },
    }),

    GenerateRandom: declareOperation<kms.GenerateRandomRequest, kms.GenerateRandomResponse>({
      run: (input) => {
        // optional in the model; KMS's own text for a missing NumberOfBytes (recorded on AWS: LocalStack test_kms.snapshot.json)
        if (input.NumberOfBytes === undefined) {
          throw new AwsError('ValidationException', 'NumberOfBytes is required.');
        }
        return { Plaintext: randomBytes(input.NumberOfBytes) };
      },
    }),
  };
}

/** The caller of a wire call: its principal, as the key policy sees it. */
function callerOf(ctx: CallContext): KmsCaller {
  return { principal: { AWS: ctx.principalArn }, callerArn: ctx.callerArn, region: ctx.region, accountId: ctx.accountId, authorized: true };
}

/** awsJson sends blobs as base64 text; in-process callers pass bytes. */
function bytes(value: Uint8Array | string | undefined): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  return typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/** Tags the model has checked (both members present). */
function tags(value: kms.Tag[] | undefined): KmsTag[] {
  return (value ?? []).map((t) => ({ TagKey: t.TagKey!, TagValue: t.TagValue! }));
}

const next = (marker: string | undefined) => (marker !== undefined ? { NextMarker: marker } : {});

function dryRun(dry: boolean | undefined): void {
  if (dry === true) throw new AwsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
}
