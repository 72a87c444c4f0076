"""Validate the same form in Django with forms.Form; CsrfViewMiddleware checks the token."""

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import path, reverse


# --8<-- [start:compare]
class RSVPForm(forms.Form):
    name = forms.CharField(max_length=50)
    guests = forms.IntegerField(min_value=1, max_value=10)


# --8<-- [end:compare]


PAGE = """<form method="post">{% csrf_token %}
{{ form }}
<button>Reply</button></form>"""


def rsvp(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = RSVPForm(request.POST)
        if form.is_valid():  # every field cleaned; values are in form.cleaned_data
            return HttpResponseRedirect(reverse("thanks"))
    else:
        form = RSVPForm()
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"form": form}, request))


def thanks(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Thanks, see you there.")


urlpatterns = [
    path("rsvp", rsvp, name="rsvp"),
    path("rsvp/thanks", thanks, name="thanks"),
]
