/** The simulated EPR of the tests: the same SMART Backend Services client the demo's simulated EPR uses. */
export { SmartBackendClient as TestEpr } from '../../src/simulator/smart-backend-client';
