const nxPreset = require('@nx/jest/preset').default;

// Two cores on the machines that run this: more workers only fight each other.
module.exports = { ...nxPreset, maxWorkers: 2 };
