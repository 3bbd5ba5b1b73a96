FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY factcheck ./factcheck
COPY articles ./articles
COPY templates ./templates
COPY static ./static
COPY manage.py ./
RUN pip install --no-cache-dir -e .
RUN useradd --create-home factcheck && chown -R factcheck /app
USER factcheck
EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
