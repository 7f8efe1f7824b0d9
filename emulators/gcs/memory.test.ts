import { describeGcsConformance } from './conformance';

describeGcsConformance({ name: 'the memory backend', options: async () => ({}) });
