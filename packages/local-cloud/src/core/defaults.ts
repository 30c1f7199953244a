/** The local contract (ARCHITECTURE.md "Contracts"): where local-cloud listens and who it says you are. */
export const DEFAULT_PORT = 4566;
export const DEFAULT_REGION = 'ap-southeast-1';
export const DEFAULT_ACCOUNT_ID = '000000000000';
/** The database file inside a state dir. */
export const DB_FILE_NAME = 'local-cloud.db';
/** The readiness probe the CLI polls; unsigned, answers `{"status":"ok"}`. */
export const HEALTH_PATH = '/_local-cloud/health';
/** Where the server answers `local-cloud explain <request id>` (loopback only, like every request). */
export const EXPLAIN_PATH = '/_local-cloud/explain/';
/** The long-term access key every fresh local-cloud accepts (as the account root), and tools sign with. */
export const DEFAULT_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
