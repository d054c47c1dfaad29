// The Store stage; see docs/ and DESIGN in README.
