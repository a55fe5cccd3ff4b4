// The Web Messaging Guest API codec: the one place where guest frames are described, decoded and built.
// Shared by the guest engine (client side) and the sandbox (server side), so both agree by construction.
export * from './error-codes';
export * from './limits';
export * from './client-frames';
export * from './server-frames';
export * from './server-frame-reader';
