#!/usr/bin/env bash
# AWS CLI v2 against local-cloud: the commands people type, checked end to end.
#
#   usage: scripts/aws-cli-smoke.sh [ENDPOINT]        (default http://127.0.0.1:4566)
#
# Prints one `ok - <what>` line per check; on the first failure prints `not ok - <what>`, the command, its
# exit code, stdout and stderr, and exits 1. Exit 2: a prerequisite is missing (AWS CLI v2, jq) or bad usage.
#
# The AWS CLI used is $AWS_CLI when set, else the first `aws` on PATH that reports `aws-cli/2.` (a pyenv or pip
# shim for v1 may come first on PATH). Credentials are test/test, region ap-southeast-1, and the AWS config and
# credentials files point into a temporary directory, so no real profile is ever read. Names are unique per
# run, so it can run against a long-lived server; what it creates it deletes again at the end (as checks too).
# shellcheck disable=SC2016  # $names in single quotes are jq's, not the shell's
set -euo pipefail

ENDPOINT="${1:-http://127.0.0.1:4566}"
if [[ $# -gt 1 || "$ENDPOINT" == -* ]]; then
  echo "usage: $0 [ENDPOINT]   (default http://127.0.0.1:4566)" >&2
  exit 2
fi
EXPECTED_ACCOUNT="${LOCAL_CLOUD_ACCOUNT_ID:-000000000000}"
REGION=ap-southeast-1

WORK="$(mktemp -d "${TMPDIR:-/tmp}/aws-cli-smoke.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
OUT="$WORK/stdout"
ERR="$WORK/stderr"

# --- an isolated AWS environment: nothing from the user's shell or ~/.aws takes part -----------------------
while IFS= read -r name; do
  case "$name" in AWS_CLI) ;; AWS_*) unset "$name" ;; esac
done < <(compgen -e)
printf '[default]\ncli_timestamp_format = iso8601\n' >"$WORK/config"
: >"$WORK/credentials"
export AWS_CONFIG_FILE="$WORK/config" AWS_SHARED_CREDENTIALS_FILE="$WORK/credentials"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION="$REGION" AWS_DEFAULT_REGION="$REGION"
export AWS_PAGER="" AWS_CLI_AUTO_PROMPT=off AWS_EC2_METADATA_DISABLED=true
# one attempt: a 5xx or throttle the CLI would silently retry is a failure here, not a slow pass
export AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=1

# --- prerequisites ------------------------------------------------------------------------------------------
command -v jq >/dev/null || { echo "aws-cli-smoke: jq is required" >&2; exit 2; }

find_aws_v2() {
  local candidate version
  while IFS= read -r candidate; do
    version="$("$candidate" --version 2>&1 || true)"
    if [[ "$version" == aws-cli/2.* ]]; then
      echo "$candidate"
      return 0
    fi
  done < <(type -ap aws)
  return 1
}
if [[ -n "${AWS_CLI:-}" ]]; then
  AWS_BIN="$AWS_CLI"
else
  AWS_BIN="$(find_aws_v2)" || {
    echo "aws-cli-smoke: no AWS CLI v2 on PATH (found: $(for a in $(type -ap aws); do printf '%s=%s; ' "$a" "$("$a" --version 2>&1 | head -n1)"; done))" >&2
    echo "aws-cli-smoke: install it (Debian: apt-get install awscli) or set AWS_CLI=/path/to/aws" >&2
    exit 2
  }
fi
AWS_VERSION="$("$AWS_BIN" --version 2>&1 | head -n1)"
echo "# $AWS_VERSION ($AWS_BIN) against $ENDPOINT"
[[ "$AWS_VERSION" == aws-cli/2.* ]] || echo "# warning: $AWS_BIN is not AWS CLI v2" >&2

# --- check helpers ------------------------------------------------------------------------------------------
LAST_CMD=""
LAST_RC=0

ok() { echo "ok - $1"; }

fail() {
  echo "not ok - $1"
  {
    echo "aws-cli-smoke: FAILED: $1"
    [[ $# -gt 1 ]] && echo "  why:     $2"
    echo "  command: $LAST_CMD"
    echo "  exit:    $LAST_RC"
    echo "  stdout:"
    sed 's/^/    /' "$OUT" 2>/dev/null | head -c 4000
    echo "  stderr:"
    sed 's/^/    /' "$ERR" 2>/dev/null | head -c 4000
  } >&2
  exit 1
}

# aws ARGS...: runs the CLI against the endpoint; stdout in $OUT, stderr in $ERR, exit code in $LAST_RC
aws_() {
  LAST_CMD="aws --endpoint-url $ENDPOINT --output json $*"
  LAST_RC=0
  "$AWS_BIN" --endpoint-url "$ENDPOINT" --output json --cli-connect-timeout 10 --cli-read-timeout 60 "$@" >"$OUT" 2>"$ERR" || LAST_RC=$?
}

# succeeds WHAT ARGS...: the command must exit 0
succeeds() {
  local what="$1"
  shift
  aws_ "$@"
  [[ $LAST_RC -eq 0 ]] || fail "$what" "the command failed"
}

# json WHAT FILTER [JQ-ARGS...]: the last stdout is JSON and FILTER is true of it
json() {
  local what="$1" filter="$2"
  shift 2
  jq -e "$@" "$filter" "$OUT" >/dev/null 2>"$WORK/jq.err" \
    || fail "$what" "jq -e '$filter' is not true of stdout$([[ -s "$WORK/jq.err" ]] && echo " ($(cat "$WORK/jq.err"))")"
  ok "$what"
}

# --- names unique to this run -------------------------------------------------------------------------------
RUN_ID="$(date +%s)-$$-$RANDOM"
GROUP_DENIED="/local-cloud/aws-cli-smoke/$RUN_ID/default-key"
GROUP="/local-cloud/aws-cli-smoke/$RUN_ID/encrypted"
STREAM="smoke-$RUN_ID"
BUCKET="lc-smoke-$RUN_ID"
TOKEN="smoke-token-$RUN_ID"

# --- STS ----------------------------------------------------------------------------------------------------
succeeds "sts get-caller-identity" sts get-caller-identity
json "sts get-caller-identity: Account is $EXPECTED_ACCOUNT, Arn is the account root" \
  '.Account == $a and .Arn == "arn:aws:iam::\($a):root" and (.UserId | type) == "string"' --arg a "$EXPECTED_ACCOUNT"
ACCOUNT="$EXPECTED_ACCOUNT"

# --- KMS ----------------------------------------------------------------------------------------------------
succeeds "kms create-key (default key policy)" kms create-key --description "aws-cli-smoke $RUN_ID default policy"
json "kms create-key: KeyMetadata is an enabled customer key in $REGION, CreationDate is now" '
  .KeyMetadata as $k
  | ($k.KeyId | test("^[0-9a-f-]{36}$"))
  and $k.Arn == "arn:aws:kms:\($r):\($a):key/\($k.KeyId)"
  and $k.AWSAccountId == $a and $k.Enabled == true and $k.KeyState == "Enabled"
  and $k.KeyManager == "CUSTOMER" and $k.KeyUsage == "ENCRYPT_DECRYPT" and $k.KeySpec == "SYMMETRIC_DEFAULT"
  and ((($k.CreationDate | sub("\\.[0-9]+"; "") | sub("[+]00:00$"; "Z") | fromdateiso8601) - now) | fabs) < 3600' \
  --arg a "$ACCOUNT" --arg r "$REGION"
DEFAULT_KEY_ARN="$(jq -r .KeyMetadata.Arn "$OUT")"
DEFAULT_KEY_ID="$(jq -r .KeyMetadata.KeyId "$OUT")"

succeeds "kms get-key-policy (default key)" kms get-key-policy --key-id "$DEFAULT_KEY_ID" --policy-name default
json "kms get-key-policy: the policy parses and has the account-root statement (kms:* for arn:aws:iam::$ACCOUNT:root)" '
  (.Policy | fromjson) as $p
  | $p.Version == "2012-10-17"
  and ([$p.Statement[] | select(.Effect == "Allow" and .Principal.AWS == "arn:aws:iam::\($a):root"
        and .Action == "kms:*" and .Resource == "*")] | length) == 1' --arg a "$ACCOUNT"

# a key whose policy lets CloudWatch Logs use it for one log group (the policy AWS documents)
jq -n --arg a "$ACCOUNT" --arg r "$REGION" --arg g "$GROUP" '{
  Version: "2012-10-17",
  Id: "aws-cli-smoke",
  Statement: [
    { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: "arn:aws:iam::\($a):root" },
      Action: "kms:*", Resource: "*" },
    { Sid: "Allow CloudWatch Logs", Effect: "Allow", Principal: { Service: "logs.\($r).amazonaws.com" },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:\($r):\($a):log-group:\($g)" } } }
  ]
}' >"$WORK/logs-key-policy.json"
succeeds "kms create-key --policy file://… (allows logs.$REGION.amazonaws.com)" \
  kms create-key --description "aws-cli-smoke $RUN_ID logs policy" --policy "file://$WORK/logs-key-policy.json"
json "kms create-key --policy: an enabled key" '.KeyMetadata.KeyState == "Enabled" and (.KeyMetadata.Arn | startswith("arn:aws:kms:\($r):"))' --arg r "$REGION"
LOGS_KEY_ARN="$(jq -r .KeyMetadata.Arn "$OUT")"
LOGS_KEY_ID="$(jq -r .KeyMetadata.KeyId "$OUT")"

succeeds "kms get-key-policy (key created with --policy)" kms get-key-policy --key-id "$LOGS_KEY_ARN" --policy-name default
json "kms get-key-policy: returns the policy given to create-key" \
  '(.Policy | fromjson) == $p[0]' --slurpfile p "$WORK/logs-key-policy.json"

# --- CloudWatch Logs: the key policy is enforced ------------------------------------------------------------
aws_ logs create-log-group --log-group-name "$GROUP_DENIED" --kms-key-id "$DEFAULT_KEY_ARN"
[[ $LAST_RC -ne 0 ]] || fail "logs create-log-group --kms-key-id <default-policy key> is refused" "it succeeded"
grep -q "An error occurred (AccessDeniedException) when calling the CreateLogGroup operation" "$ERR" \
  || fail "logs create-log-group --kms-key-id <default-policy key> is refused" "stderr does not name AccessDeniedException"
grep -q "is not allowed to be used with" "$ERR" \
  || fail "logs create-log-group --kms-key-id <default-policy key> is refused" "stderr lacks AWS's message (…does not exist or is not allowed to be used with Arn…)"
ok "logs create-log-group --kms-key-id <default-policy key> fails with AccessDeniedException"

succeeds "logs describe-log-groups --log-group-name-prefix <refused group>" logs describe-log-groups --log-group-name-prefix "$GROUP_DENIED"
json "logs describe-log-groups: the refused group was not created" '.logGroups == []'

succeeds "logs create-log-group --kms-key-id <key allowing logs>" logs create-log-group --log-group-name "$GROUP" --kms-key-id "$LOGS_KEY_ARN"
ok "logs create-log-group --kms-key-id <key allowing logs>"

succeeds "logs describe-log-groups --log-group-name-prefix" logs describe-log-groups --log-group-name-prefix "$GROUP"
json "logs describe-log-groups --log-group-name-prefix: the group with its kmsKeyId, arn and creationTime (ms)" '
  (.logGroups | length) == 1
  and (.logGroups[0] as $g
    | $g.logGroupName == $n and $g.kmsKeyId == $k
    and $g.arn == "arn:aws:logs:\($r):\($a):log-group:\($n):*"
    and ($g.creationTime | type) == "number" and (($g.creationTime / 1000 - now) | fabs) < 3600)' \
  --arg n "$GROUP" --arg k "$LOGS_KEY_ARN" --arg r "$REGION" --arg a "$ACCOUNT"

succeeds "logs describe-log-groups (all, paginated by the CLI)" logs describe-log-groups
json "logs describe-log-groups: lists the group with kmsKeyId, not the refused one" '
  ([.logGroups[] | select(.logGroupName == $n and .kmsKeyId == $k)] | length) == 1
  and ([.logGroups[] | select(.logGroupName == $d)] | length) == 0' \
  --arg n "$GROUP" --arg k "$LOGS_KEY_ARN" --arg d "$GROUP_DENIED"

succeeds "logs create-log-stream" logs create-log-stream --log-group-name "$GROUP" --log-stream-name "$STREAM"
ok "logs create-log-stream"

NOW_MS="$(date +%s%3N)"
jq -n --argjson t "$NOW_MS" --arg token "$TOKEN" '[
  { timestamp: $t,       message: "hello from the aws cli \($token)" },
  { timestamp: ($t + 1), message: ({ level: "ERROR", msg: "boom", token: $token } | tojson) },
  { timestamp: ($t + 2), message: ({ level: "INFO",  msg: "fine", token: $token } | tojson) }
]' >"$WORK/events.json"
succeeds "logs put-log-events" logs put-log-events --log-group-name "$GROUP" --log-stream-name "$STREAM" --log-events "file://$WORK/events.json"
json "logs put-log-events: no event rejected" '.rejectedLogEventsInfo == null'

succeeds "logs filter-log-events --filter-pattern <term>" logs filter-log-events --log-group-name "$GROUP" --filter-pattern "\"$TOKEN\""
json "logs filter-log-events: the term finds all 3 messages, in order, with ms timestamps" '
  [.events[] | {logStreamName, timestamp, message}]
  == [$e[0][] | {logStreamName: $s, timestamp, message}]
  and all(.events[]; (.ingestionTime | type) == "number" and (.eventId | type) == "string")' \
  --arg s "$STREAM" --slurpfile e "$WORK/events.json"

succeeds "logs filter-log-events --filter-pattern 'hello'" logs filter-log-events --log-group-name "$GROUP" --filter-pattern "hello"
json "logs filter-log-events: 'hello' finds only the plain-text message" \
  '[.events[].message] == [$e[0][0].message]' --slurpfile e "$WORK/events.json"

succeeds "logs filter-log-events --filter-pattern '{ \$.level = \"ERROR\" }'" \
  logs filter-log-events --log-group-name "$GROUP" --log-stream-names "$STREAM" --filter-pattern '{ $.level = "ERROR" }'
json "logs filter-log-events: '{ \$.level = \"ERROR\" }' finds only the ERROR event" \
  '[.events[].message] == [$e[0][1].message]' --slurpfile e "$WORK/events.json"

# --- S3 -----------------------------------------------------------------------------------------------------
head -c 1048576 /dev/urandom >"$WORK/upload.bin"
UPLOAD_MD5="$(md5sum "$WORK/upload.bin" | cut -d' ' -f1)"
NESTED_KEY="sub dir/ünïcode+plus.txt"
printf 'nested %s\n' "$RUN_ID" >"$WORK/nested.txt"

succeeds "s3 mb" s3 mb "s3://$BUCKET"
grep -qx "make_bucket: $BUCKET" "$OUT" || fail "s3 mb" "stdout is not 'make_bucket: $BUCKET'"
ok "s3 mb s3://$BUCKET"

succeeds "s3api get-bucket-location" s3api get-bucket-location --bucket "$BUCKET"
json "s3api get-bucket-location: $REGION" '.LocationConstraint == $r' --arg r "$REGION"

succeeds "s3 cp <1 MiB file> s3://…" s3 cp "$WORK/upload.bin" "s3://$BUCKET/smoke.bin" --only-show-errors
ok "s3 cp <1 MiB local file> s3://$BUCKET/smoke.bin"

succeeds "s3 cp <file> s3://…/<key with space, unicode, +>" s3 cp "$WORK/nested.txt" "s3://$BUCKET/$NESTED_KEY" --only-show-errors
ok "s3 cp <local file> s3://$BUCKET/$NESTED_KEY"

succeeds "s3 ls s3://bucket/" s3 ls "s3://$BUCKET/"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} +1048576 smoke\.bin$' "$OUT" \
  || fail "s3 ls s3://$BUCKET/ lists smoke.bin" "no '<date> <time> 1048576 smoke.bin' line"
grep -Eq '^ +PRE sub dir/$' "$OUT" || fail "s3 ls s3://$BUCKET/ lists the prefix 'sub dir/'" "no 'PRE sub dir/' line"
[[ "$(wc -l <"$OUT")" -eq 2 ]] || fail "s3 ls s3://$BUCKET/ lists exactly smoke.bin and 'sub dir/'" "$(wc -l <"$OUT") lines"
ok "s3 ls s3://$BUCKET/ lists smoke.bin (1048576 bytes) and PRE 'sub dir/'"

succeeds "s3 ls --recursive" s3 ls "s3://$BUCKET/" --recursive
grep -Eq " +$(wc -c <"$WORK/nested.txt") sub dir/ünïcode\+plus\.txt$" "$OUT" \
  || fail "s3 ls --recursive lists '$NESTED_KEY'" "the key is missing or mangled"
ok "s3 ls s3://$BUCKET/ --recursive lists '$NESTED_KEY'"

succeeds "s3 ls (buckets)" s3 ls
grep -Eq " $BUCKET\$" "$OUT" || fail "s3 ls lists the bucket" "no line ending in ' $BUCKET'"
ok "s3 ls lists $BUCKET"

succeeds "s3api head-object" s3api head-object --bucket "$BUCKET" --key smoke.bin
json "s3api head-object: ContentLength 1048576, ETag is the quoted MD5" \
  '.ContentLength == 1048576 and .ETag == "\"\($m)\""' --arg m "$UPLOAD_MD5"

succeeds "s3 cp s3://… <local file>" s3 cp "s3://$BUCKET/smoke.bin" "$WORK/download.bin" --only-show-errors
cmp -s "$WORK/upload.bin" "$WORK/download.bin" || fail "s3 cp s3://$BUCKET/smoke.bin back down: same bytes" "cmp: the files differ"
ok "s3 cp s3://$BUCKET/smoke.bin back down: cmp finds the same 1048576 bytes"

succeeds "s3 cp s3://…/<key with space, unicode, +> <local file>" s3 cp "s3://$BUCKET/$NESTED_KEY" "$WORK/nested.back" --only-show-errors
cmp -s "$WORK/nested.txt" "$WORK/nested.back" || fail "s3 cp s3://$BUCKET/$NESTED_KEY back down: same bytes" "cmp: the files differ"
ok "s3 cp s3://$BUCKET/$NESTED_KEY back down: same bytes"

# --- clean up (as checks: these are CLI commands too) -------------------------------------------------------
succeeds "s3 rb --force" s3 rb "s3://$BUCKET" --force
ok "s3 rb s3://$BUCKET --force"
succeeds "logs delete-log-group" logs delete-log-group --log-group-name "$GROUP"
ok "logs delete-log-group"
for key in "$DEFAULT_KEY_ID" "$LOGS_KEY_ID"; do
  succeeds "kms schedule-key-deletion $key" kms schedule-key-deletion --key-id "$key" --pending-window-in-days 7
  json "kms schedule-key-deletion $key: PendingDeletion" '.KeyState == "PendingDeletion" or (.DeletionDate | type) == "string"'
done

echo "# all checks passed"
