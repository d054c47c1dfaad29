// The Daemon stage; see docs/ and DESIGN in README.
