/** Route paths such as `/api/tasks/:workflowId`: compiled once, matched per request, shown to OpenAPI as `{workflowId}`. */

export interface PathPattern {
  path: string;
  /** Parameter names in order; empty for a static path. */
  names: string[];
  regex: RegExp;
  openApiPath: string;
}

const PARAM = /^:([A-Za-z_][A-Za-z0-9_]*)$/;

export function compilePath(path: string): PathPattern {
  if (!path.startsWith('/')) throw new Error(`Route path ${JSON.stringify(path)} must start with "/".`);
  const names: string[] = [];
  const segments = path.split('/').map((segment) => {
    const param = PARAM.exec(segment);
    if (!param) {
      if (segment.includes(':')) throw new Error(`Route path ${path}: a parameter segment reads ":name" (letters, digits, _), got "${segment}".`);
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    names.push(param[1]!);
    return '([^/]+)';
  });
  return {
    path,
    names,
    regex: new RegExp(`^${segments.join('/')}$`),
    openApiPath: path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}'),
  };
}

/** The decoded parameters when `pathname` matches; undefined otherwise. Throws URIError on bad escapes. */
export function matchPath(pattern: PathPattern, pathname: string): Record<string, string> | undefined {
  if (pattern.names.length === 0) return pattern.path === pathname ? {} : undefined;
  const m = pattern.regex.exec(pathname);
  if (!m) return undefined;
  return Object.fromEntries(pattern.names.map((name, i) => [name, decodeURIComponent(m[i + 1]!)]));
}
