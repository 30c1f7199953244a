import type { Statement } from 'better-sqlite3';
import type { Scope } from '../../core/scope';
import type { Store } from '../../store/store';
import type {
  AccountRecord,
  DeploymentRecord,
  ResourceRecord,
  RestApiRecord,
  StageRecord,
} from './model';

// Each entity is one JSON document keyed the way API Gateway addresses it; deleting an API cascades.
const SCHEMA = `
CREATE TABLE apigw_rest_apis (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX apigw_rest_apis_scope ON apigw_rest_apis (account_id, region);
CREATE TABLE apigw_resources (
  api_id TEXT NOT NULL REFERENCES apigw_rest_apis (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (api_id, id)
);
CREATE TABLE apigw_deployments (
  api_id TEXT NOT NULL REFERENCES apigw_rest_apis (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  created_date INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (api_id, id)
);
CREATE TABLE apigw_stages (
  api_id TEXT NOT NULL REFERENCES apigw_rest_apis (id) ON DELETE CASCADE,
  stage_name TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (api_id, stage_name)
);
CREATE TABLE apigw_accounts (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (account_id, region)
);
`;

interface DocRow {
  doc: string;
}

/** API Gateway's tables in the shared SQLite store: REST APIs and everything below them, and account settings. */
export class RestApiStore {
  private readonly stmt: Record<string, Statement>;

  constructor(private readonly store: Store) {
    store.migrate('apigateway/001-rest-apis', SCHEMA);
    const db = store.db;
    this.stmt = {
      // upserts, never INSERT OR REPLACE: a replace deletes the row first, and ON DELETE CASCADE would
      // take the API's resources, deployments and stages with it
      putApi: db.prepare('INSERT INTO apigw_rest_apis (id, account_id, region, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc'),
      getApi: db.prepare('SELECT doc FROM apigw_rest_apis WHERE id = ? AND account_id = ? AND region = ?'),
      findApi: db.prepare('SELECT doc FROM apigw_rest_apis WHERE id = ?'),
      listApis: db.prepare('SELECT doc FROM apigw_rest_apis WHERE account_id = ? AND region = ? ORDER BY rowid'),
      deleteApi: db.prepare('DELETE FROM apigw_rest_apis WHERE id = ?'),
      putResource: db.prepare('INSERT INTO apigw_resources (api_id, id, doc) VALUES (?, ?, ?) ON CONFLICT (api_id, id) DO UPDATE SET doc = excluded.doc'),
      getResource: db.prepare('SELECT doc FROM apigw_resources WHERE api_id = ? AND id = ?'),
      listResources: db.prepare('SELECT doc FROM apigw_resources WHERE api_id = ? ORDER BY rowid'),
      deleteResource: db.prepare('DELETE FROM apigw_resources WHERE api_id = ? AND id = ?'),
      putDeployment: db.prepare(
        'INSERT INTO apigw_deployments (api_id, id, created_date, doc) VALUES (?, ?, ?, ?) ON CONFLICT (api_id, id) DO UPDATE SET doc = excluded.doc',
      ),
      getDeployment: db.prepare('SELECT doc FROM apigw_deployments WHERE api_id = ? AND id = ?'),
      listDeployments: db.prepare('SELECT doc FROM apigw_deployments WHERE api_id = ? ORDER BY created_date, rowid'),
      deleteDeployment: db.prepare('DELETE FROM apigw_deployments WHERE api_id = ? AND id = ?'),
      putStage: db.prepare('INSERT INTO apigw_stages (api_id, stage_name, doc) VALUES (?, ?, ?) ON CONFLICT (api_id, stage_name) DO UPDATE SET doc = excluded.doc'),
      getStage: db.prepare('SELECT doc FROM apigw_stages WHERE api_id = ? AND stage_name = ?'),
      listStages: db.prepare('SELECT doc FROM apigw_stages WHERE api_id = ? ORDER BY rowid'),
      deleteStage: db.prepare('DELETE FROM apigw_stages WHERE api_id = ? AND stage_name = ?'),
      putAccount: db.prepare('INSERT INTO apigw_accounts (account_id, region, doc) VALUES (?, ?, ?) ON CONFLICT (account_id, region) DO UPDATE SET doc = excluded.doc'),
      getAccount: db.prepare('SELECT doc FROM apigw_accounts WHERE account_id = ? AND region = ?'),
    };
  }

  /** Runs `fn` in one transaction. */
  public transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  public putApi(api: RestApiRecord): void {
    this.stmt.putApi.run(api.id, api.accountId, api.region, JSON.stringify(api));
  }

  public getApi(scope: Scope, id: string): RestApiRecord | undefined {
    return parse(this.stmt.getApi.get(id, scope.accountId, scope.region));
  }

  /** An API by id alone, whatever its account and region (the execute-api URL names only the id). */
  public findApi(id: string): RestApiRecord | undefined {
    return parse(this.stmt.findApi.get(id));
  }

  public listApis(scope: Scope): RestApiRecord[] {
    return parseAll(this.stmt.listApis.all(scope.accountId, scope.region));
  }

  public deleteApi(id: string): void {
    this.stmt.deleteApi.run(id);
  }

  public putResource(apiId: string, resource: ResourceRecord): void {
    this.stmt.putResource.run(apiId, resource.id, JSON.stringify(resource));
  }

  public getResource(apiId: string, id: string): ResourceRecord | undefined {
    return parse(this.stmt.getResource.get(apiId, id));
  }

  public listResources(apiId: string): ResourceRecord[] {
    return parseAll(this.stmt.listResources.all(apiId));
  }

  public deleteResource(apiId: string, id: string): void {
    this.stmt.deleteResource.run(apiId, id);
  }

  public putDeployment(apiId: string, deployment: DeploymentRecord): void {
    this.stmt.putDeployment.run(apiId, deployment.id, deployment.createdDate, JSON.stringify(deployment));
  }

  public getDeployment(apiId: string, id: string): DeploymentRecord | undefined {
    return parse(this.stmt.getDeployment.get(apiId, id));
  }

  public listDeployments(apiId: string): DeploymentRecord[] {
    return parseAll(this.stmt.listDeployments.all(apiId));
  }

  public deleteDeployment(apiId: string, id: string): void {
    this.stmt.deleteDeployment.run(apiId, id);
  }

  public putStage(apiId: string, stage: StageRecord): void {
    this.stmt.putStage.run(apiId, stage.stageName, JSON.stringify(stage));
  }

  public getStage(apiId: string, stageName: string): StageRecord | undefined {
    return parse(this.stmt.getStage.get(apiId, stageName));
  }

  public listStages(apiId: string): StageRecord[] {
    return parseAll(this.stmt.listStages.all(apiId));
  }

  public deleteStage(apiId: string, stageName: string): void {
    this.stmt.deleteStage.run(apiId, stageName);
  }

  public getAccount(scope: Scope): AccountRecord {
    return parse<AccountRecord>(this.stmt.getAccount.get(scope.accountId, scope.region)) ?? {};
  }

  public putAccount(scope: Scope, account: AccountRecord): void {
    this.stmt.putAccount.run(scope.accountId, scope.region, JSON.stringify(account));
  }
}

function parse<T>(row: unknown): T | undefined {
  return row ? (JSON.parse((row as DocRow).doc) as T) : undefined;
}

function parseAll<T>(rows: unknown[]): T[] {
  return rows.map((r) => JSON.parse((r as DocRow).doc) as T);
}
