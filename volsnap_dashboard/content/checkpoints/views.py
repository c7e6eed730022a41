from django.utils.translation import gettext_lazy as _
from django.views import generic


class IndexView(generic.TemplateView):
    template_name = 'volsnap_dashboard/checkpoints/index.html'
    page_title = _("Checkpoints")
