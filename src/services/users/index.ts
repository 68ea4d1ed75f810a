// Users: the record (load, create, update), validation, credentials, schedule and the list.
export * from './record.js';
export * from './validation.js';
export * from './credentials.js';
export * from './schedule.js';
export * from './list.js';
