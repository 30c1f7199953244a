// Which local-cloud build the bench measures (a module of its own: the stats server loads only this).
import * as path from 'node:path';

/**
 * The local-cloud package measured: this tree's, or another build's (`BENCH_LOCAL_CLOUD_DIR=<worktree>/packages/local-cloud`),
 * so two builds are compared by the same bench, CDK app and CLI (A B A B), only the server differing.
 */
export const LOCAL_CLOUD_DIR = path.resolve(process.env.BENCH_LOCAL_CLOUD_DIR || path.join(__dirname, '..', '..', '..', 'packages', 'local-cloud'));
