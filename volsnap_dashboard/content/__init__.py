# Any of the catalog types under which Cinder may be registered.
VOLUME_SERVICE_PERMISSIONS = (
    ('openstack.services.block-storage',
     'openstack.services.block-store',
     'openstack.services.volume',
     'openstack.services.volumev3'),
)
