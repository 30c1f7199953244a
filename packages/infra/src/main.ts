import { App } from 'aws-cdk-lib';
import { defineKmsLogsApi, environmentFromProcess } from './kms-logs-api-app';

defineKmsLogsApi(new App(), environmentFromProcess(process.env));
