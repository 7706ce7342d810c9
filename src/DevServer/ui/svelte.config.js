import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: every deep link is answered with index.html by the dev server.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
    // Absolute asset paths, so that index.html served for /namespaces/x/workflows/y/z/history still finds /_app/.
    paths: { relative: false },
  },
};
