"""The OpenAPI 3.0 description of the portal API, written by hand and served at
/api/v1/openapi.json. Tests validate it with openapi-spec-validator and check real responses
against its schemas, so it cannot drift from what the views return."""

from __future__ import annotations

import copy

NULLABLE_STRING = {"type": "string", "nullable": True}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string", "description": "Thông báo lỗi (tiếng Việt)."}},
    "additionalProperties": False,
}

ARTICLE = {
    "type": "object",
    "required": [
        "id",
        "title",
        "kind",
        "summary",
        "url",
        "published_at",
        "updated_at",
        "organisation",
        "unit",
        "authors",
        "topics",
        "documents",
        "cover_image",
        "channels",
        "body_html",
    ],  # fmt: skip
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "example": 42},
        "title": {"type": "string", "example": "Ninh Thuận đẩy mạnh cải cách thủ tục hành chính"},
        "kind": {
            "type": "string",
            "enum": ["tin", "bai", "anh", "video"],
            "description": "Loại: tin, bài, ảnh, video.",
        },
        "summary": {"type": "string"},
        "url": {"type": "string", "format": "uri", "description": "Địa chỉ công khai của bài."},
        "published_at": {
            "type": "string",
            "format": "date-time",
            "nullable": True,
            "description": "Lần đăng đầu tiên, giờ Việt Nam (+07:00).",
        },
        "updated_at": {
            "type": "string",
            "format": "date-time",
            "nullable": True,
            "description": "Lần đăng (cập nhật) gần nhất.",
        },
        "organisation": {"$ref": "#/components/schemas/Named"},
        "unit": {"$ref": "#/components/schemas/Named"},
        "authors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "position", "unit"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "position": {"type": "string"},
                    "unit": {"type": "string"},
                },
            },
        },
        "topics": {
            "type": "array",
            "description": "Nội dung tuyên truyền của kế hoạch (a, b, c, d, đ, e, g).",
            "items": {
                "type": "object",
                "required": ["id", "label", "title"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "integer"},
                    "label": {"type": "string", "example": "đ"},
                    "title": {"type": "string"},
                },
            },
        },
        "documents": {
            "type": "array",
            "description": "Văn bản liên quan.",
            "items": {
                "type": "object",
                "required": ["key", "type", "citation", "issued_on", "issuer", "link"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string", "example": "76/NQ-CP"},
                    "type": {"type": "string", "example": "Nghị quyết"},
                    "citation": {"type": "string"},
                    "issued_on": {"type": "string", "format": "date", "nullable": True},
                    "issuer": {"type": "string"},
                    "link": {"type": "string", "format": "uri", "nullable": True},
                },
            },
        },
        "cover_image": {
            "type": "object",
            "nullable": True,
            "required": ["url", "width", "height", "alt"],
            "additionalProperties": False,
            "properties": {
                "url": {"type": "string", "format": "uri"},
                "width": {"type": "integer"},
                "height": {"type": "integer"},
                "alt": {"type": "string"},
            },
        },
        "channels": {
            "type": "array",
            "items": {"type": "string", "enum": ["portal", "zalo", "email", "bulletin"]},
            "description": "Kênh đăng tải đã chọn cho bài.",
        },
        "body_html": {
            "type": "string",
            "description": (
                "Nội dung HTML đã làm sạch: chỉ p, br, h2–h4, b/strong, i/em, ol, ul, li, hr, "
                "blockquote, a[href], img[src, alt, width, height]; không có script, thuộc tính "
                "sự kiện hay liên kết javascript:. Đường dẫn là tuyệt đối."
            ),
        },
    },
}

ARTICLE_PAGE = {
    "type": "object",
    "required": ["count", "page", "page_size", "next", "previous", "results"],
    "additionalProperties": False,
    "properties": {
        "count": {"type": "integer", "description": "Tổng số bài khớp bộ lọc."},
        "page": {"type": "integer"},
        "page_size": {"type": "integer"},
        "next": {**NULLABLE_STRING, "format": "uri"},
        "previous": {**NULLABLE_STRING, "format": "uri"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Article"}},
    },
}

NAMED = {
    "type": "object",
    "required": ["id", "name"],
    "additionalProperties": False,
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}


def _error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


UNAUTHORISED = {
    **_error_response("Thiếu khóa, khóa sai hoặc đã bị thu hồi."),
    "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
}

DOCUMENT = {
    "openapi": "3.0.3",
    "info": {
        "title": "parcomms — API tin, bài cho Cổng thông tin điện tử",
        "version": "1.0.0",
        "description": (
            "API chỉ đọc để Cổng thông tin điện tử lấy các tin, bài đã đăng của một cơ quan. "
            "Mỗi khóa truy cập thuộc một cơ quan và chỉ đọc được tin, bài của cơ quan đó. "
            "Khóa do quản trị hoặc chuyên viên CCHC của cơ quan tạo trong trang quản trị, "
            "chỉ hiển thị một lần, có thể thu hồi.\n\n"
            "Đẩy tin (webhook, tùy chọn): khi một bài được đăng, hệ thống gửi POST JSON "
            '`{"event": "article.published", "delivery_id": …, "article": Article}` tới địa chỉ '
            "cơ quan cấu hình, kèm `X-Parcomms-Timestamp` (giây Unix), `X-Parcomms-Signature: "
            'sha256=<hex HMAC-SHA256(khóa bí mật, "<timestamp>." + thân)>` và `Idempotency-Key` '
            "(mã lượt gửi, giữ nguyên khi gửi lại)."
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerAuth": []}],
    "paths": {
        "/articles/": {
            "get": {
                "operationId": "listArticles",
                "summary": "Danh sách tin, bài đã đăng của cơ quan (mới nhất trước)",
                "parameters": [
                    {
                        "name": "since",
                        "in": "query",
                        "required": False,
                        "description": (
                            "Chỉ lấy bài đăng hoặc cập nhật từ thời điểm này (ISO 8601: "
                            "2025-12-01 hoặc 2025-12-01T08:00:00+07:00; không có múi giờ thì "
                            "hiểu là giờ Việt Nam)."
                        ),
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "topic",
                        "in": "query",
                        "required": False,
                        "description": "Mã (id) nội dung tuyên truyền.",
                        "schema": {"type": "integer", "minimum": 1},
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "default": 1},
                    },
                    {
                        "name": "page_size",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Một trang kết quả.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ArticlePage"}
                            }
                        },
                    },
                    "400": _error_response("Tham số không hợp lệ."),
                    "401": UNAUTHORISED,
                    "404": _error_response("Trang không tồn tại."),
                },
            }
        },
        "/articles/{id}/": {
            "get": {
                "operationId": "getArticle",
                "summary": "Một tin, bài đã đăng của cơ quan",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "Tin, bài.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Article"}}
                        },
                    },
                    "401": UNAUTHORISED,
                    "404": _error_response(
                        "Không có bài này, bài chưa đăng hoặc thuộc cơ quan khác."
                    ),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "getOpenAPI",
                "summary": "Mô tả OpenAPI này",
                "security": [],
                "responses": {
                    "200": {
                        "description": "Tài liệu OpenAPI 3.0.",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "Authorization: Bearer pct_…",
            }
        },
        "schemas": {
            "Article": ARTICLE,
            "ArticlePage": ARTICLE_PAGE,
            "Named": NAMED,
            "Error": ERROR,
        },
    },
}


def document(server_url: str | None = None) -> dict:
    """The description; `server_url` makes the server address absolute for this deployment."""
    doc = copy.deepcopy(DOCUMENT)
    if server_url:
        doc["servers"] = [{"url": server_url.rstrip("/")}]
    return doc
