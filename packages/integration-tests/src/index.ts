export * from './target';
export * from './http';
