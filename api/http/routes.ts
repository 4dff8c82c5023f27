// The HTTP server's routes, first match wins. A route names its methods and its path: an exact
// path, or a prefix ending in `/` (everything under it).
import type http from 'node:http';
import { closeAfterAnswer } from './body.js';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface Route {
  /** Methods served; another method on the path answers 405. */
  methods: readonly string[] | '*';
  path: string;
  handle: Handler;
}

function matches(route: Route, pathname: string): boolean {
  return route.path.endsWith('/') ? pathname.startsWith(route.path) : pathname === route.path;
}

export function router(routes: Route[], fallback: Handler): Handler {
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => matches(r, pathname));
    if (!route) return fallback(req, res);
    if (route.methods !== '*' && !route.methods.includes(req.method ?? 'GET')) {
      closeAfterAnswer(req, res); // whatever body came is not read
      res.writeHead(405, { Allow: route.methods.join(', ') }).end();
      return;
    }
    return route.handle(req, res);
  };
}
