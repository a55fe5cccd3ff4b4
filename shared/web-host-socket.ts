// The web host's contract socket, the part both ends agree on besides the contract frames themselves: where
// it lives and how the page proves it holds the access token. The token travels in the socket's first frame
// — never in a cookie, which is not scoped to a port and would go to every other server on 127.0.0.1.

export const CONTRACT_SOCKET_PATH = '/contract';

/** The page's first frame on every new socket. */
export interface AccessFrame {
  type: 'access';
  token: string;
}

/** The host's answer once the token matched; requests, replies and events follow. */
export interface ReadyFrame {
  type: 'ready';
}

/** The close code when the first frame was not the right token (4000–4999 belong to applications). */
export const CLOSE_ACCESS_REFUSED = 4401;
