export { createApiGatewayService } from './apigateway-service';
export type { ApiGatewayService, ApiGatewayServiceDeps, ApiGatewayInternalApi } from './apigateway-service';
export type { RestApiControlPlane } from './control-plane';
export type { LambdaIntegrationTarget, LambdaInvocation, InvokePermission } from './execute-api';
export type { ApiScope } from './model';
export type { PatchOperation } from './stage-patch';
