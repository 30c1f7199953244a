import { AwsError } from '../../core/aws-error';

/** API Gateway's error shapes (restJson1 `X-Amzn-ErrorType` + `{"message": …}`), statuses from the model. */
export const badRequest = (message: string): AwsError => new AwsError('BadRequestException', message, { status: 400 });
export const notFound = (message: string): AwsError => new AwsError('NotFoundException', message, { status: 404 });
export const conflict = (message: string): AwsError => new AwsError('ConflictException', message, { status: 409 });
