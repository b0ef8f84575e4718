// Browser tests run under Mocha inside @web/test-runner, which defines
// describe, it and the hooks as globals. tsconfig.json limits automatic
// global types to Node's, so this reference adds Mocha's.
/// <reference types="mocha" />
