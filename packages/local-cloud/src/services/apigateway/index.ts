export { createApiGatewayService } from './apigateway-service';
export type { ApiGatewayService, ApiGatewayServiceDeps } from './apigateway-service';
export type { RestApiControlPlane } from './control-plane';
export type { LambdaIntegrationTarget, LambdaInvocation, InvokePermission } from './execute-api';
export type { PatchOperation } from './stage-patch';
