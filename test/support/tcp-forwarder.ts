import {
  connect,
  createServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';

/**
 * A TCP hop between a client and a server that a test can cut and restore: stop() closes
 * the port and every open connection, as a database going down would; start() opens the
 * same port again.
 */
export class TcpForwarder {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private listenPort = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async open(host: string, port: number): Promise<TcpForwarder> {
    const forwarder = new TcpForwarder(host, port);
    await forwarder.start();
    return forwarder;
  }

  /** The local port; the same across stop() and start(). */
  get port(): number {
    return this.listenPort;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    this.listenPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) =>
      server.close(() => resolve()),
    );
    this.sockets.forEach((socket) => socket.destroy());
    this.sockets.clear();
    await closed;
  }

  close(): Promise<void> {
    return this.stop();
  }

  private forward(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    const pair = [client, upstream];
    for (const socket of pair) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => pair.forEach((end) => end.destroy()));
    }
    client.pipe(upstream).pipe(client);
  }
}

/** `url` with its host and port replaced by the forwarder's. */
export function throughForwarder(url: string, forwarder: TcpForwarder): string {
  const rerouted = new URL(url);
  rerouted.hostname = '127.0.0.1';
  rerouted.port = String(forwarder.port);
  return rerouted.toString();
}
