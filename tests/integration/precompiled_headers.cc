// Compiled only to precompile the headers the integration tests share
// (tests/CMakeLists.txt): a target of its own, without the -D values each
// test adds, which would keep the precompiled headers from the others.
