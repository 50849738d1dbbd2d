export * from './kinds';
export * from './clocks';
export * from './recipients';
export * from './render';
export * from './channels';
export * from './types';
