export * from './gestation';
export * from './preterm';
export * from './smoking';
