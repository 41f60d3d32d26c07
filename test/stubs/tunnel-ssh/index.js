"use strict";
// See package.json: db-migrate requires this only when its config names an SSH tunnel.
module.exports = function tunnel() {
  throw new Error("tunnel-ssh is a stub in strangler's development install (package.json overrides): SSH tunnels are not used by the tests");
};
