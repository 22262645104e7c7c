// SQL only in repositories (docs/architecture.md): a `.query(…)` call or a `createQueryBuilder(…)` is allowed in
// `*.repository.ts`, `*.store.ts`, a `persistence/` folder, migrations, and the files of SQL_ALLOW_LIST below;
// anywhere else it is an error. Shared by eslint.config.mjs and the probe test (test/unit/lint-sql.spec.ts).

/**
 * Files that may hold SQL outside a repository: none since issue 13. Keep it empty; an entry needs its reason
 * written beside it. (The probe test proves the mechanism on a probe path.)
 */
export const SQL_ALLOW_LIST = [];

const SQL_FILE = /(\.repository|\.store)\.ts$|\/persistence\/|\/database\/migrations\//;

function isAllowed(filename, allowList) {
  const path = filename.replaceAll('\\', '/');
  return SQL_FILE.test(path) || allowList.some((allowed) => path.endsWith(`/${allowed}`) || path === allowed);
}

/** beacon/sql-in-repositories (registered by beacon-plugin.mjs). */
export const sqlInRepositoriesRule = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL (.query, createQueryBuilder) only in repositories, stores and persistence/' },
    schema: [{ type: 'object', properties: { allow: { type: 'array', items: { type: 'string' } } } }],
    messages: {
      sql: 'SQL only in a *.repository.ts, *.store.ts or persistence/ file: move this {{call}} into the feature’s repository.',
    },
  },
  create(context) {
    const allowList = context.options[0]?.allow ?? SQL_ALLOW_LIST;
    if (isAllowed(context.filename, allowList)) return {};
    const report = (node, call) => context.report({ node, messageId: 'sql', data: { call } });
    return {
      CallExpression(node) {
        const callee = node.callee;
        const name =
          callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier'
            ? callee.property.name
            : callee.type === 'Identifier'
              ? callee.name
              : undefined;
        if (name === 'createQueryBuilder') report(node, 'createQueryBuilder()');
        else if (name === 'query' && callee.type === 'MemberExpression') report(node, '.query()');
      },
    };
  },
};

/** The config block: every source file under src/ (specs are tests: exempt). */
export const sqlInRepositories = [
  {
    files: ['src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'beacon/sql-in-repositories': 'error' },
  },
];
