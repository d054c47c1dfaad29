#ifndef GLEANER_CCURL_SHIM_H
#define GLEANER_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which Swift
// cannot call: one typed wrapper per argument type keeps every call checked.

static inline CURLcode gl_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gl_easy_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gl_easy_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gl_easy_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }

// Callbacks: one wrapper per C signature, so Swift passes a @convention(c) function of the right type.
typedef size_t (*gl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*gl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode gl_easy_setopt_data_cb(CURL *h, CURLoption o, gl_data_cb v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode gl_easy_setopt_xferinfo_cb(CURL *h, CURLoption o, gl_xferinfo_cb v) { return curl_easy_setopt(h, o, v); }
// CURLOPT_OPENSOCKETFUNCTION: sees the address curl is about to connect to (after DNS and
// CONNECT_TO), so the address policy judges the address actually used; NULL restores curl's own.
typedef curl_socket_t (*gl_opensocket_cb)(void *clientp, curlsocktype purpose, struct curl_sockaddr *address);
static inline CURLcode gl_easy_setopt_opensocket_cb(CURL *h, CURLoption o, gl_opensocket_cb v) { return curl_easy_setopt(h, o, v); }
// CURL_SOCKET_BAD is a macro Swift does not import: what an open-socket callback returns to refuse.
static inline curl_socket_t gl_socket_bad(void) { return CURL_SOCKET_BAD; }

static inline CURLcode gl_easy_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode gl_easy_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode gl_easy_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode gl_easy_getinfo_str(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode gl_easy_getinfo_ptr(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }

static inline CURLMcode gl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

// curl_share_setopt is variadic too. A cookie jar's share handle is used by the easy handles of
// one source on the multi thread and by handles going away on other threads, so it takes locks.
typedef void (*gl_share_lock_cb)(CURL *handle, curl_lock_data data, curl_lock_access access, void *userptr);
typedef void (*gl_share_unlock_cb)(CURL *handle, curl_lock_data data, void *userptr);
static inline CURLSHcode gl_share_setopt_long(CURLSH *s, CURLSHoption o, long v) { return curl_share_setopt(s, o, v); }
static inline CURLSHcode gl_share_setopt_ptr(CURLSH *s, CURLSHoption o, void *v) { return curl_share_setopt(s, o, v); }
static inline CURLSHcode gl_share_setopt_lock_cb(CURLSH *s, CURLSHoption o, gl_share_lock_cb v) { return curl_share_setopt(s, o, v); }
static inline CURLSHcode gl_share_setopt_unlock_cb(CURLSH *s, CURLSHoption o, gl_share_unlock_cb v) { return curl_share_setopt(s, o, v); }

// CURLVERSION_NOW is a macro aliasing an enum value; Swift does not import it.
static inline curl_version_info_data *gl_version_info(void) { return curl_version_info(CURLVERSION_NOW); }

#endif
