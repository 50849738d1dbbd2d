export * from './enums';
export * from './credit-code';
export * from './access';
export * from './labels';
export * from './api-types';
