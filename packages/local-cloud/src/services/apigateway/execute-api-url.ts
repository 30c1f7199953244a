/**
 * Where local-cloud serves an API Gateway stage, and how that maps from the stage's AWS URL. The data plane
 * (execute-api.ts) routes on this prefix; tools (the CDK wrapper's deploy summary, the e2e suite) map a stack's
 * `ApiUrl` output with `localApiUrl`, so the route is spelled once.
 */

/** The data-plane path prefix: `/_aws/execute-api/<api>/<stage>/<path>` (the spelling LocalStack uses too). */
export const EXECUTE_API_PREFIX = '/_aws/execute-api/';

/** A stage's invoke URL on AWS: `https://<api>.execute-api.<region>.amazonaws.com[.cn]/<stage>[/]`. */
const STAGE_URL = /^https:\/\/([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^/?#]+)\/?$/;

/** The parts of a stage's invoke URL. */
export interface StageUrl {
  readonly restApiId: string;
  readonly region: string;
  readonly stageName: string;
}

/** The API, region and stage of an AWS stage invoke URL; undefined for any other URL. */
export function parseStageUrl(url: string): StageUrl | undefined {
  const m = STAGE_URL.exec(url);
  return m ? { restApiId: m[1], region: m[2], stageName: m[3] } : undefined;
}

/**
 * The URL at which local-cloud (at `endpoint`) serves the stage whose AWS invoke URL is `apiUrl`; ends in `/`.
 *
 * @example
 * localApiUrl('https://abc123.execute-api.ap-southeast-1.amazonaws.com/v1/', 'http://127.0.0.1:4566')
 * // => 'http://127.0.0.1:4566/_aws/execute-api/abc123/v1/'
 */
export function localApiUrl(apiUrl: string, endpoint: string): string {
  const stage = parseStageUrl(apiUrl);
  if (!stage) throw new Error(`'${apiUrl}' is not an API Gateway stage URL (https://<api>.execute-api.<region>.amazonaws.com/<stage>/)`);
  return `${endpoint.replace(/\/+$/, '')}${EXECUTE_API_PREFIX}${stage.restApiId}/${stage.stageName}/`;
}
