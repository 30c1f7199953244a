export { createLambdaService } from './lambda-service';
export type { LambdaService, LambdaServiceDeps } from './lambda-service';
export { LambdaBackend } from './lambda-backend';
export type { InvokeInput, InvokePermissionQuery, LambdaBackendDeps } from './backend-api';
export type { InvocationResult } from './shapes';
export { LAMBDA_ROUTES } from './routes';
