// The theme plugin is loaded by file path: the package's "exports" map does not expose ./theme/*.
const path = require('node:path');
const theme = path.join(__dirname, 'node_modules', '@temporalio', 'ui', 'dist', 'theme');

/** @type {import('tailwindcss').Config} */
module.exports = {
  presets: [require(path.join(theme, 'preset.js')).default],
  content: ['./src/**/*.{html,js,svelte,ts}', './node_modules/@temporalio/ui/dist/**/*.{svelte,js}'],
};
