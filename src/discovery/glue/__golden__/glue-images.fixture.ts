import type { GlanceImage } from '../../../sources/openstack/openstack.types.js';

/**
 * Glance images as the golden input lists them: one synchronised from the EGI registry, one from an
 * AppDB/HEPiX image list (with `ad:base_mpuri`), one without any property and one still queued.
 */

function image(id: string, name: string, properties: Record<string, unknown>): GlanceImage {
  const times = { created_at: '2026-11-01T10:00:00Z', updated_at: '2026-11-01T10:05:00Z' };
  const base = { id, name, status: 'active', visibility: 'public', ...times, file: `/v2/images/${id}/file` };
  return { ...base, ...properties };
}

export const IMAGES = {
  ubuntu: image('3d5b7c1e-4f6a-4b8c-9d0e-1f2a3b4c5d6e', 'EGI Ubuntu 22.04', {
    vmcatcher_event_ad_mpuri: 'registry.egi.eu/egi_vm_images/ubuntu:22.04-sha256:4d7122d6e5f4',
    APPLIANCE_ATTRIBUTES:
      '{"eu.egi.cloud.tag": "2025-09-04-4d7122d6", "eu.egi.cloud.image_ref": "egi_vm_images/ubuntu:22.04"}',
    os_distro: 'ubuntu',
    os_version: '22.04',
    architecture: 'x86_64',
    vmcatcher_event_dc_description: 'EGI Ubuntu 22.04 image',
  }),
  centos: image('8a9b0c1d-2e3f-4a5b-8c7d-6e5f4a3b2c1d', 'Image for CentOS 7 [CentOS/7/KVM]', {
    vmcatcher_event_ad_mpuri:
      'https://appdb.egi.eu/store/vo/image/2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091:1234/',
    APPLIANCE_ATTRIBUTES: JSON.stringify({
      'ad:base_mpuri': 'https://appdb.egi.eu/store/vm/image/2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091/',
      'ad:appid': '1017',
      'dc:title': 'Image for CentOS 7',
    }),
    os_distro: 'centos',
    os_version: '7',
    architecture: 'x86_64',
    vmcatcher_event_dc_title: 'Image for CentOS 7',
  }),
  cirros: image('c1220500-0000-4000-8000-00000000c1a0', 'cirros', {}),
  queued: { ...image('9ee00000-0000-4000-8000-0000000000a1', 'upload in progress', {}), status: 'queued' },
};
