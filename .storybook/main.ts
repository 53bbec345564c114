import type { StorybookConfig } from '@storybook/sveltekit';

/**
 * The component gallery: one story file per component and scene under stories/,
 * mirroring src/lib/ui and src/lib/scenes. The same stories run as browser tests
 * (the `storybook` vitest project), so a broken play fails `npm test`.
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(svelte|ts)'],
  addons: ['@storybook/addon-svelte-csf', '@storybook/addon-vitest', '@storybook/addon-a11y'],
  framework: { name: '@storybook/sveltekit', options: {} },
  // Kit serves static files from src/static (svelte.config.js); the gallery needs the same.
  staticDirs: ['../src/static'],
  core: {
    // The gallery must run offline in a classroom: nothing phones home.
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
    enableCrashReports: false,
    // Same isolation as the site, so gpu.js can use its threaded backend in stories too.
    crossOriginIsolated: true
  }
};

export default config;
