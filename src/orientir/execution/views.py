"""Evidence: a document's file, served only to those who may see it."""

import mimetypes
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from orientir.accounts.access import AuthenticatedHttpRequest, get_visible_or_404
from orientir.execution.models import Document


@require_safe
@login_required
def document_download(request: AuthenticatedHttpRequest, document_id: int) -> HttpResponseBase:
    document = get_visible_or_404(Document, request.user, pk=document_id)
    if document.file.name:  # what `if document.file` tests
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("Файл документа не найден в хранилище") from exc
        # Django writes a non-ASCII name as RFC 5987 `filename*=utf-8''…`.
        name = document.file_name
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    if urlsplit(document.url).scheme in ("http", "https"):
        return HttpResponseRedirect(document.url)
    raise Http404("У документа нет ни файла, ни ссылки")
