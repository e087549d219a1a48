export { command, connectRedis, describeError, withRedis, type RedisConnectOptions } from './connection.js';
export { parseInfo } from './info.js';
export { authConfLines } from './auth-conf.js';
