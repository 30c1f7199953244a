export { createLambdaService } from './lambda-service';
export type { LambdaService, LambdaServiceDeps, LambdaInternalApi, InternalInvokeInput, InternalInvokeOutput } from './lambda-service';
export { LAMBDA_ROUTES } from './routes';
