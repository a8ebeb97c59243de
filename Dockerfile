FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.lock ./
# The pinned versions CI tested (requirements.lock: runtime and gunicorn, no test tools).
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
EXPOSE 8000
