// The account, region and root principal the tests act as (local-cloud's defaults).
export const ACCOUNT = '000000000000';
export const REGION = 'ap-southeast-1';
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
