// A tiny request/response + notification endpoint used on both sides of the webview channel.
// Transport-agnostic: give it a `post` function and feed it every received message. Its side (host or page)
// decides which descriptors it may send and which it may handle.
import {
  isWireMessage, type NotificationType, type RequestType, type ResponseMessage, type WireMessage,
} from './rpc-types';

export type Side = 'host' | 'page';
/** What `S` receives: the host handles what goes to the host. */
export type Incoming<S extends Side> = S extends 'host' ? 'toHost' : 'toPage';
/** What `S` sends. */
export type Outgoing<S extends Side> = S extends 'host' ? 'toPage' : 'toHost';

/** The handler side of an endpoint (what a feature needs to register its handlers). */
export interface RpcHandlers<S extends Side> {
  onRequest<P, R>(type: RequestType<P, R, Incoming<S>>, handler: (params: P) => R | Promise<R>): void;
  onNotification<P>(type: NotificationType<P, Incoming<S>>, handler: (params: P) => void): () => void;
  sendNotification<P>(type: NotificationType<P, Outgoing<S>>, params: P): void;
}

/** The host's handler side: what every feature's `register…Handlers(rpc, …)` takes. */
export type HostRpc = RpcHandlers<'host'>;

type RequestHandler = (params: unknown) => unknown;
type NotificationHandler = (params: unknown) => void;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class RpcEndpoint<S extends Side> implements RpcHandlers<S> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, Set<NotificationHandler>>();

  constructor(readonly side: S, private readonly post: (message: WireMessage) => void) {}

  sendRequest<P, R>(type: RequestType<P, R, Outgoing<S>>, params: P): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.post({ type: 'request', id, method: type.method, params });
      } catch (error) {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  sendNotification<P>(type: NotificationType<P, Outgoing<S>>, params: P): void {
    this.post({ type: 'notification', method: type.method, params });
  }

  onRequest<P, R>(type: RequestType<P, R, Incoming<S>>, handler: (params: P) => R | Promise<R>): void {
    this.requestHandlers.set(type.method, handler as RequestHandler);
  }

  onNotification<P>(type: NotificationType<P, Incoming<S>>, handler: (params: P) => void): () => void {
    let set = this.notificationHandlers.get(type.method);
    if (!set) {
      set = new Set();
      this.notificationHandlers.set(type.method, set);
    }
    const h = handler as NotificationHandler;
    set.add(h);
    return () => set.delete(h);
  }

  /** Reject every outstanding request (e.g. the webview was disposed). */
  dispose(reason = 'channel closed'): void {
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }

  /** Feed one received message. Unknown or malformed input is ignored (returns false). */
  handleMessage(message: unknown): boolean {
    if (!isWireMessage(message)) return false;
    switch (message.type) {
      case 'response': {
        const p = this.pending.get(message.id);
        if (!p) return false;
        this.pending.delete(message.id);
        if (message.error !== undefined) p.reject(new Error(message.error));
        else p.resolve(message.result);
        return true;
      }
      case 'notification': {
        const set = this.notificationHandlers.get(message.method);
        if (!set) return false;
        for (const h of [...set]) h(message.params);
        return true;
      }
      case 'request':
        void this.answer(message.id, message.method, message.params);
        return true;
    }
  }

  private async answer(id: number, method: string, params: unknown): Promise<void> {
    const handler = this.requestHandlers.get(method);
    let response: ResponseMessage;
    if (!handler) {
      response = { type: 'response', id, error: `no handler for ${method}` };
    } else {
      try {
        const result = await handler(params);
        response = { type: 'response', id, result: result === undefined ? null : result };
      } catch (error) {
        response = { type: 'response', id, error: error instanceof Error ? error.message : String(error) };
      }
    }
    try {
      this.post(response);
    } catch {
      // The other side went away; nothing to tell.
    }
  }
}
