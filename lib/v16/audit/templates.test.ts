import { describe, expect, it } from 'vitest';
import { fileKind } from '../languages';
import { auditSource } from './audit-source';
import { findTemplate, rawOutputs } from './templates';

describe('raw output in templates', () => {
  it('finds each syntax that writes a variable unescaped, and nothing escaped', () => {
    const text = [
      '<p><%- bio %></p><p><%= bio %></p>',
      'h1 Hello !{bio} and #{bio}',
      'div!= bio.html',
      'p= bio',
      '{{{bio}}} {{bio}} {{& bio}}',
      '{{ bio | safe }} {{ bio }} {{ bio|e }} {{ biography|safe }}',
      '{% autoescape false %}{{ bio }}{% endautoescape %} {{ bio }}',
      '{% autoescape off %}',
      '{{ locals.bio }}',
      '{% endautoescape %}',
    ].join('\n');
    expect(rawOutputs(text, 'bio').map((r) => [r.line, r.construct])).toEqual([
      [1, '<%- bio %>'],
      [2, '!{bio}'],
      [3, 'div!= bio.html'],
      [5, '{{{bio}}}'],
      [5, '{{& bio}}'],
      [6, '{{ bio | safe }}'],
      [7, '{{ bio }}'],
      [9, '{{ locals.bio }}'],
    ]);
  });

  it('finds the view under views/ or templates/ of the handler folder or a parent, with or without its extension', () => {
    const files = new Map([
      ['app/views/profile.ejs', 'a'],
      ['templates/shop/review.html', 'b'],
      ['web/templates/hello.html', 'c'],
    ]);
    const read = (p: string) => files.get(p);
    expect(findTemplate(read, 'app/routes/users.js', 'profile')?.path).toBe('app/views/profile.ejs');
    expect(findTemplate(read, 'shop/views.py', 'shop/review.html')?.path).toBe('templates/shop/review.html');
    expect(findTemplate(read, 'web/app.py', 'hello.html')?.path).toBe('web/templates/hello.html');
    expect(findTemplate(read, 'web/app.py', '../secrets.html')).toBeUndefined();
    expect(findTemplate(read, 'web/app.py', 'missing.html')).toBeUndefined();
  });

  it('plans template files as components: views of every engine, .html only under views/ or templates/', () => {
    expect(['views/a.ejs', 'x/b.pug', 'c.hbs', 'd.njk', 'templates/e.html', 'app/views/f.htm'].map((p) => fileKind(p)?.kind)).toEqual(Array(6).fill('template'));
    expect(fileKind('public/index.html')).toBeUndefined();
  });
});

describe('XSS through a rendered view', () => {
  const audit = (path: string, code: string, files: Record<string, string>) => auditSource(path, code, (p) => (p === path ? code : files[p]));

  it('Express: request input a view writes raw, with the template line in the trace; escaped or server values are not reported', async () => {
    const code = `const express = require('express');
const app = express();
app.get('/a', (req, res) => res.render('page', { q: req.query.q, title: 'x' }));
app.get('/b', (req, res) => {
  const title = req.query.t;
  res.render('page', { title });
});
`;
    const { findings } = await audit('app.js', code, { 'views/page.ejs': '<h1><%= title %></h1>\n<p><%- q %></p>\n' });
    expect(findings.map((f) => [f.ruleId, f.startLine, f.trace.at(-1)])).toEqual([['xss', 3, { path: 'views/page.ejs', line: 2, note: 'written without escaping: <%- q %>' }]]);
  });

  it('Flask and Django: keyword arguments and the context dict', async () => {
    const flask = 'from flask import render_template, request\n\ndef v():\n    return render_template("p.html", name=request.args["n"], n=1)\n';
    expect((await audit('app.py', flask, { 'templates/p.html': '{{ name|safe }}' })).findings.map((f) => [f.ruleId, f.startLine])).toEqual([['xss', 4]]);
    expect((await audit('app.py', flask, { 'templates/p.html': '{{ name }}' })).findings).toEqual([]);
    const django = 'from django.shortcuts import render\n\ndef v(request):\n    return render(request, "shop/p.html", {"name": request.GET["n"]})\n';
    const view = '{% autoescape off %}{{ name }}{% endautoescape %}';
    expect((await audit('shop/views.py', django, { 'shop/templates/shop/p.html': view })).findings.map((f) => [f.ruleId, f.startLine])).toEqual([['xss', 4]]);
  });
});
