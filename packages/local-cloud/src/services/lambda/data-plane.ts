import type { HttpRequest, HttpResponse } from '../../core/http';
import type { DataPlane } from '../../core/service';
import type { LambdaBackend } from './lambda-backend';

const CODE_PATH = /^\/_local-cloud\/lambda\/code\/(\d{12})\/([a-z0-9-]+)\/([a-zA-Z0-9-_]+)\/([0-9a-f]{64})\.zip$/;

/** `Code.Location` of GetFunction: the package, downloadable like a presigned URL (the SHA-256 is the token). */
export function codeDownload(backend: LambdaBackend): DataPlane {
  return {
    matches: (req: HttpRequest) => req.method === 'GET' && CODE_PATH.test(req.rawPath),
    handle: (req: HttpRequest): HttpResponse => {
      const [, accountId, region, name, hex] = CODE_PATH.exec(req.rawPath)!;
      const zip = backend.codePackage({ accountId, region }, name, hex);
      if (!zip) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
      return { status: 200, headers: { 'content-type': 'application/zip' }, body: zip };
    },
  };
}
