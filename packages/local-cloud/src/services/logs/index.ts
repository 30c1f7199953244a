export { createLogsService } from './logs-service';
export type { LogsService, LogsServiceDeps, LogsInternalApi, LogsWhere } from './logs-service';
export { parseFilterPattern, FilterPatternError } from './filter-pattern';
export type { FilterPattern } from './filter-pattern';
