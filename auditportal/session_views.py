"""How long a session has left, and keeping it alive: what the timeout warning asks."""

import time

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from authorities import security


@never_cache
@require_GET
@login_not_required  # answers "signed out" rather than sending the script to a sign-in page
def session_status(request):
    """Seconds left, without counting the question as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0})
    return JsonResponse({"signed_in": True, "seconds_left": security.seconds_left(request.session)})


@never_cache
@require_POST
def session_keep_alive(request):
    """“Stay signed in”: the page stays as it is, typed text and all."""
    request.session[security.LAST_SEEN_AT] = time.time()
    return JsonResponse({"signed_in": True, "seconds_left": security.seconds_left(request.session)})
