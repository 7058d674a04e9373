import { receiverText } from '../../lang/js/calls';
import type { JsSink, JsRuleSpec } from '../../lang/js/sink-spec';

const sinks: readonly JsSink[] = [
  {
    calls: [
      'ejs.render', 'ejs.compile', 'pug.render', 'pug.compile', 'jade.render', 'jade.compile', 'handlebars.compile',
      'Handlebars.compile', 'nunjucks.renderString', 'nunjucks.compile', 'mustache.render', 'lodash.template', 'underscore.template',
      'dot.template', 'doT.template', 'eta.renderString', 'liquidjs.parseAndRender', 'twig.twig', 'hogan.js.compile', 'vue.compile',
    ],
    what: 'template source',
  },
  { names: ['compile'], when: ({ callee }) => /^handlebars$/i.test((callee.receiver && receiverText(callee.receiver)) ?? ''), what: 'template source' },
];

export const js: JsRuleSpec = { sinks };
