// The web frameworks the engine knows, per language, in one place: what a
// file's imports say about it (a file importing one handles requests, so a
// parameter named `request` is one: audit/*/sources.ts), and what a
// package's manifest says about it (a package depending on one is an
// application, not a library: app-kind.ts). A new framework is a name here;
// its request objects and handler shapes are the sources' (audit/*/sources.ts).

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const anyOf = (names: readonly string[]) => names.map(escape).join('|');

/** JavaScript HTTP server frameworks and their routers, by package. */
export const JS_SERVER_PACKAGES = [
  'express', 'koa', '@koa/router', 'koa-router', 'fastify', 'next', '@hapi/hapi', 'hapi', 'restify', '@nestjs/common', '@nestjs/core',
  'hono', 'h3', 'polka', 'connect', 'micro',
] as const;
/** Frameworks of applications that are not HTTP servers themselves (user interfaces, desktop apps), by package. */
export const JS_APP_PACKAGES = ['nuxt', '@sveltejs/kit', 'astro', '@angular/core', 'react-dom', 'vue', 'svelte', 'electron'] as const;

/** An import of a JavaScript server framework or one of its modules (`next/server`, `express`). */
export const JS_SERVER_IMPORT = new RegExp(`^(?:${anyOf(JS_SERVER_PACKAGES)})(?:$|[./])`);
/** A package.json dependency that makes the package an application (Remix's packages by scope). */
export const JS_APP_DEPENDENCY = new RegExp(`^(?:${anyOf([...JS_SERVER_PACKAGES, ...JS_APP_PACKAGES])}|@remix-run/\\w+)$`);

/** Python web frameworks, by the name they are imported and distributed under. */
export const PYTHON_WEB_FRAMEWORKS = ['flask', 'django', 'fastapi', 'starlette', 'quart', 'sanic', 'aiohttp', 'tornado', 'pyramid', 'bottle', 'falcon'] as const;
/** Modules that come with one (Django REST framework, Werkzeug under Flask): importing them marks a web file too. */
const PYTHON_WEB_MODULES = [...PYTHON_WEB_FRAMEWORKS, 'rest_framework', 'werkzeug'];

/** An import of a Python web framework or one of its modules (`flask`, `django.http`). */
export const PYTHON_WEB_IMPORT = new RegExp(`^(?:${anyOf(PYTHON_WEB_MODULES)})(?:$|\\.)`);
/** A Python web framework named in a manifest (pyproject.toml, setup.cfg, setup.py): the name, captured. */
export const PYTHON_WEB_DEPENDENCY = new RegExp(`(?:^|["'\\s,[])(${anyOf(PYTHON_WEB_FRAMEWORKS)})\\b`, 'im');
