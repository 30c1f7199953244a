export { createLogsService } from './logs-service';
export type { LogsService, LogsServiceDeps } from './logs-service';
export { LogsBackend } from './backend';
export { parseFilterPattern, FilterPatternError } from './filter-pattern';
export type { FilterPattern } from './filter-pattern';
