// Import rules of tsnas, checked by `npm run check:deps` (and by `npm test` before the tests run).
// Layers, lowest first: native (src/native.ts) -> tensor -> nn / optim / io / data -> distributed -> nas -> train -> board -> cli.
// A layer imports only from layers below it, and no module imports itself through others (no cycles).
// Type-only imports count: a cycle through types still ties the modules' meaning together.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the modules on it can only be understood, loaded and tested together.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'native-imports-no-src',
      severity: 'error',
      comment: 'src/native.ts loads the addon; it is the bottom layer and imports nothing of tsnas.',
      from: { path: '^src/native\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'shared-leaves-import-only-native',
      severity: 'error',
      comment:
        'src/option-values.ts, src/option-schema.ts (the option schemas of the commands: nas registers its methods\' options in them) and src/version.ts are used by every layer, so they import nothing above native but one another.',
      from: { path: '^src/(option-values|option-schema|version)\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(native|option-values|version)\\.ts$' },
    },
    {
      name: 'tensor-imports-only-native',
      severity: 'error',
      comment: 'tensor is the layer just above the addon.',
      from: { path: '^src/tensor/' },
      to: { path: '^src/', pathNot: '^src/(tensor/|native\\.ts$)' },
    },
    {
      name: 'middle-layers-import-only-tensor-and-native',
      severity: 'error',
      // optim takes parameters as tensors, not nn modules, and io knows file formats, not datasets: the three stay
      // independent of one another.
      comment: 'nn, optim and io build on tensor and native only, not on each other or anything higher.',
      from: { path: '^src/(nn|optim|io)/' },
      to: { path: '^src/', pathNot: ['^src/$1/', '^src/tensor/', '^src/(native|option-values|version)\\.ts$'] },
    },
    {
      name: 'data-imports-io-tensor-and-native',
      severity: 'error',
      // Dataset files are pickles and numpy arrays (CIFAR-100, ImageNet16-120): data reads them with io's one pickle
      // reader rather than a second one.
      comment: 'data builds on io, tensor and native only.',
      from: { path: '^src/data/' },
      to: { path: '^src/', pathNot: ['^src/(data|io|tensor)/', '^src/(native|option-values|version)\\.ts$'] },
    },
    {
      name: 'distributed-imports-only-nn-tensor-and-native',
      severity: 'error',
      // Where a rank stands (env.ts) and how ranks talk (process groups, collectives) work on tensors; data parallelism
      // wraps nn modules (DistributedDataParallel, SyncBatchNorm) as torch.nn.parallel does. optim and data stay
      // unaware of ranks, and nas / train combine them.
      comment: 'distributed builds on nn, tensor and native only.',
      from: { path: '^src/distributed/' },
      to: { path: '^src/', pathNot: ['^src/(distributed|nn|tensor)/', '^src/(native|option-values|version)\\.ts$'] },
    },
    {
      name: 'nas-imports-no-train-or-cli',
      severity: 'error',
      comment: 'nas (search spaces, methods, genotypes) is below train and cli.',
      from: { path: '^src/nas/' },
      to: { path: '^src/(train|cli)/' },
    },
    {
      name: 'train-imports-no-cli',
      severity: 'error',
      comment: 'train (run loops, checkpoints) is below cli.',
      from: { path: '^src/train/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'board-imports-no-cli',
      severity: 'error',
      comment: 'board (the web board and report over run directories) is above train and below cli.',
      from: { path: '^src/board/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'lower-layers-import-no-board',
      severity: 'error',
      comment: 'board reads what runs wrote; the layers that run them do not know it exists.',
      from: { path: '^src/(tensor|nn|optim|io|data|distributed|nas|train)/' },
      to: { path: '^src/board/' },
    },
    {
      name: 'src-imports-no-index',
      severity: 'error',
      comment: 'src/index.ts is the public entry point that gathers every layer; a module importing it imports all of them.',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'src-imports-no-test-or-bench',
      severity: 'error',
      comment: 'The library does not depend on its tests or benchmarks.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'nothing-imports-dist',
      severity: 'error',
      comment: 'dist/ is compiler output; import the TypeScript source instead.',
      from: {},
      to: { path: '^dist/' },
    },
    {
      name: 'src-imports-no-dev-dependency',
      severity: 'error',
      comment: 'A devDependency is not installed for users of the package.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'An npm package that package.json does not list works only by accident of what else is installed.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import of a file or package that does not exist.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // dist/ is reported (nothing-imports-dist) but not cruised further.
    doNotFollow: { path: ['node_modules', '^dist/'] },
    // Resolves `./x.js` specifiers to the `./x.ts` sources, as tsc does.
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
