import i18next from 'i18next';
import { i18nNamespaces } from '@temporalio/ui/i18n/index';
import resources from '@temporalio/ui/i18n/locales/index';
import { fetchSettings } from '@temporalio/ui/services/settings-service';
import { fetchCluster, fetchSystemInfo } from '@temporalio/ui/services/cluster-service';
import { fetchNamespaces } from '@temporalio/ui/services/namespaces-service';
import type { LayoutLoad } from './$types';

import '../app.css';

// A client-only single-page app: the dev server serves index.html for every page path.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';

let i18nReady: Promise<unknown> | undefined;

export const load: LayoutLoad = async ({ fetch }) => {
  i18nReady ??= i18next.init({
    lng: 'en',
    fallbackLng: 'en',
    ns: i18nNamespaces,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    resources,
  });
  await i18nReady;
  const settings = await fetchSettings(fetch);
  const [cluster, systemInfo] = await Promise.all([
    fetchCluster(settings, fetch),
    fetchSystemInfo(settings, fetch),
    fetchNamespaces(settings, fetch),
  ]);
  return { settings, cluster, systemInfo, uiVersionInfo: { current: settings.version } };
};
